package io.spindle.shuffle;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.spindle.Pair;
import io.spindle.TaskContext;
import io.spindle.rdd.Aggregator;
import io.spindle.serializer.KryoSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads one reduce partition of a shuffle: the segment of every map output, one at a time, and
 * either streams the records or combines them per key when the shuffle has an aggregator.
 */
public final class ShuffleReader {
  private final KryoSerializer serializer;
  private final MapOutputLocator locator;
  private final ShuffleBlockSource blocks;

  public ShuffleReader(KryoSerializer serializer, MapOutputLocator locator, ShuffleBlockSource blocks) {
    this.serializer = serializer;
    this.locator = locator;
    this.blocks = blocks;
  }

  /**
   * Records of one reduce partition: combined per key if {@code aggregator} is set, sorted by key
   * if {@code keyOrdering} is set (in memory for now; the external sorter comes with spilling).
   */
  public <K, V, C> Iterator<Pair<K, C>> read(TaskContext context, int shuffleId, int reduceId,
      Aggregator<K, V, C> aggregator, boolean mapSideCombine, java.util.Comparator<K> keyOrdering) {
    Iterator<Pair<K, C>> records = read(context, shuffleId, reduceId, aggregator, mapSideCombine);
    if (keyOrdering == null) {
      return records;
    }
    java.util.ArrayList<Pair<K, C>> all = new java.util.ArrayList<>();
    records.forEachRemaining(all::add);
    all.sort((a, b) -> keyOrdering.compare(a.key(), b.key()));
    return all.iterator();
  }

  @SuppressWarnings("unchecked")
  public <K, V, C> Iterator<Pair<K, C>> read(TaskContext context, int shuffleId, int reduceId,
      Aggregator<K, V, C> aggregator, boolean mapSideCombine) {
    MapStatus[] statuses = locator.statuses(shuffleId);
    Kryo kryo = serializer.borrow();
    context.addTaskCompletionListener(() -> serializer.release(kryo));
    RecordIterator records = new RecordIterator(kryo, statuses, shuffleId, reduceId);
    if (aggregator == null) {
      return (Iterator<Pair<K, C>>) (Iterator<?>) records;
    }
    CombineMap<K, V, C> map = new CombineMap<>();
    while (records.advance()) {
      if (mapSideCombine) {
        map.insertCombiner((K) records.key, (C) records.value, aggregator);
      } else {
        map.insertValue((K) records.key, (V) records.value, aggregator);
      }
    }
    return map.iterator();
  }

  /** Walks the records of all segments of one reduce partition, fetching segment by segment. */
  private final class RecordIterator implements Iterator<Pair<Object, Object>> {
    private final Kryo kryo;
    private final MapStatus[] statuses;
    private final int shuffleId;
    private final int reduceId;
    private final Input input = new Input();
    private int nextMap;
    private boolean ready;
    Object key;
    Object value;

    RecordIterator(Kryo kryo, MapStatus[] statuses, int shuffleId, int reduceId) {
      this.kryo = kryo;
      this.statuses = statuses;
      this.shuffleId = shuffleId;
      this.reduceId = reduceId;
      input.setBuffer(new byte[0]);
    }

    /** Moves to the next record, setting key and value; false at the end. */
    boolean advance() {
      while (input.position() >= input.limit()) {
        if (!fetchNextSegment()) {
          return false;
        }
      }
      key = kryo.readClassAndObject(input);
      value = kryo.readClassAndObject(input);
      return true;
    }

    private boolean fetchNextSegment() {
      while (nextMap < statuses.length) {
        MapStatus status = statuses[nextMap++];
        if (status.sizes()[reduceId] == 0) {
          continue;
        }
        try {
          input.setBuffer(blocks.fetch(status, shuffleId, reduceId));
        } catch (IOException e) {
          throw new UncheckedIOException("Could not read shuffle " + shuffleId + " map " + status.mapId()
              + " reduce " + reduceId + " from " + status.host() + ": " + e.getMessage(), e);
        }
        return true;
      }
      return false;
    }

    @Override
    public boolean hasNext() {
      if (!ready) {
        ready = advance();
      }
      return ready;
    }

    @Override
    public Pair<Object, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ready = false;
      return new Pair<>(key, value);
    }
  }
}
