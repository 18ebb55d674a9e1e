package io.spindle.shuffle;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.spindle.Pair;
import io.spindle.TaskContext;
import io.spindle.metrics.TaskMetrics;
import io.spindle.rdd.Aggregator;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.spill.ExternalCombiner;
import io.spindle.shuffle.spill.ExternalSorter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads one reduce partition of a shuffle: the segment of every map output, one at a time, and
 * either streams the records or combines them per key when the shuffle has an aggregator
 * ({@link ExternalCombiner}, spilling under memory pressure), then sorts them by key when a key
 * ordering is given ({@link ExternalSorter}, an external merge sort).
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
   * if {@code keyOrdering} is set.
   */
  public <K, V, C> Iterator<Pair<K, C>> read(TaskContext context, int shuffleId, int reduceId,
      Aggregator<K, V, C> aggregator, boolean mapSideCombine, Comparator<K> keyOrdering) {
    MapStatus[] statuses = locator.statuses(shuffleId);
    Kryo kryo = serializer.borrow();
    context.addTaskCompletionListener(() -> serializer.release(kryo));
    Iterator<Pair<K, C>> records = combined(context, kryo, statuses, shuffleId, reduceId, aggregator, mapSideCombine);
    if (keyOrdering == null) {
      return records;
    }
    ExternalSorter<K, C> sorter = new ExternalSorter<>(context, keyOrdering, kryo);
    while (records.hasNext()) {
      sorter.insert(records.next());
    }
    return sorter.sortedIterator();
  }

  public <K, V, C> Iterator<Pair<K, C>> read(TaskContext context, int shuffleId, int reduceId,
      Aggregator<K, V, C> aggregator, boolean mapSideCombine) {
    return read(context, shuffleId, reduceId, aggregator, mapSideCombine, null);
  }

  @SuppressWarnings("unchecked")
  private <K, V, C> Iterator<Pair<K, C>> combined(TaskContext context, Kryo kryo, MapStatus[] statuses,
      int shuffleId, int reduceId, Aggregator<K, V, C> aggregator, boolean mapSideCombine) {
    RecordIterator records = new RecordIterator(kryo, statuses, shuffleId, reduceId, context.metrics());
    if (aggregator == null) {
      return (Iterator<Pair<K, C>>) (Iterator<?>) records;
    }
    ExternalCombiner<K, V, C> map = new ExternalCombiner<>(context, aggregator, null, kryo);
    while (records.advance()) {
      if (mapSideCombine) {
        map.insertCombiner((K) records.key, (C) records.value);
      } else {
        map.insertValue((K) records.key, (V) records.value);
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
    private final TaskMetrics metrics;
    private final Input input = new Input();
    private int nextMap;
    private boolean ready;
    Object key;
    Object value;

    RecordIterator(Kryo kryo, MapStatus[] statuses, int shuffleId, int reduceId, TaskMetrics metrics) {
      this.kryo = kryo;
      this.statuses = statuses;
      this.shuffleId = shuffleId;
      this.reduceId = reduceId;
      this.metrics = metrics;
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
      metrics.incShuffleRead(1, 0);
      return true;
    }

    private boolean fetchNextSegment() {
      while (nextMap < statuses.length) {
        MapStatus status = statuses[nextMap++];
        if (status.sizes()[reduceId] == 0) {
          continue;
        }
        try {
          byte[] segment = blocks.fetch(status, shuffleId, reduceId);
          metrics.incShuffleRead(0, segment.length);
          input.setBuffer(segment);
        } catch (IOException e) {
          throw new UncheckedIOException("Could not read shuffle " + shuffleId + " map " + status.mapId()
              + " reduce " + reduceId + " from " + status.host() + ": " + e.getMessage(), e);
        }
        return true;
      }
      input.setBuffer(new byte[0]); // drop the last segment's bytes
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
