package io.spindle.shuffle;

import io.spindle.shuffle.spill.Aggregator;
import io.spindle.task.EngineTaskContext;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.spindle.function.Pair;
import io.spindle.function.TaskMetrics;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.spill.ExternalCombiner;
import io.spindle.shuffle.spill.ExternalSorter;
import io.spindle.shuffle.spill.HashSortGrouper;
import io.spindle.shuffle.codec.CompressionCodec;
import io.spindle.shuffle.codec.ShuffleCompression;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads one reduce partition of a shuffle: the segment of every map output, one at a time, and
 * either streams the records or combines them per key when the shuffle has an aggregator
 * ({@link ExternalCombiner} for map-side combined shuffles, {@link HashSortGrouper} for the others,
 * whose combiners keep every value; both spill under memory pressure), then sorts them by key when a key
 * ordering is given ({@link ExternalSorter}, an external merge sort).
 *
 * <p>Segments arrive as they are on disk (checksums verified by the block source); with
 * {@code spindle.shuffle.compress} each one is decompressed here, on its own, with the codec of the
 * application's settings (the same settings the writers had).
 *
 * <p>A map output that cannot be located or read raises {@link FetchFailedException}, recorded
 * in the task's context first; nothing else raised here or by the records' consumer becomes one.
 */
public final class ShuffleReader {
  private final KryoSerializer serializer;
  private final MapOutputLocator locator;
  private final ShuffleBlockSource blocks;
  private final ShuffleCompression compression;

  /** A reader of uncompressed segments (tools and tests). */
  public ShuffleReader(KryoSerializer serializer, MapOutputLocator locator, ShuffleBlockSource blocks) {
    this(serializer, locator, blocks, ShuffleCompression.NONE);
  }

  /** @param compression the application's settings, which the map tasks wrote with */
  public ShuffleReader(KryoSerializer serializer, MapOutputLocator locator, ShuffleBlockSource blocks,
      ShuffleCompression compression) {
    this.serializer = serializer;
    this.locator = locator;
    this.blocks = blocks;
    this.compression = compression;
  }

  /** How the segments it reads were compressed (and encrypted); the process's writers use the same. */
  public ShuffleCompression compression() {
    return compression;
  }

  /**
   * Records of one reduce partition: combined per key if {@code aggregator} is set, sorted by key
   * if {@code keyOrdering} is set.
   */
  public <K, V, C> Iterator<Pair<K, C>> read(EngineTaskContext context, int shuffleId, int reduceId,
      Aggregator<K, V, C> aggregator, boolean mapSideCombine, Comparator<K> keyOrdering) {
    MapStatus[] statuses = statuses(context, shuffleId, reduceId);
    ShuffleBlockSource.PartitionBlocks segments = blocks.open(shuffleId, reduceId, statuses);
    context.addTaskCompletionListener(segments::close);
    Kryo kryo = serializer.borrow();
    context.addTaskCompletionListener(() -> serializer.release(kryo));
    if (keyOrdering != null && aggregator == null) {
      return sorted(context, kryo, statuses, segments, shuffleId, reduceId, keyOrdering);
    }
    Iterator<Pair<K, C>> records = combined(context, kryo, statuses, segments, shuffleId, reduceId, aggregator,
        mapSideCombine);
    if (keyOrdering == null) {
      return records;
    }
    ExternalSorter<K, C> sorter = new ExternalSorter<>(context, keyOrdering, kryo);
    while (records.hasNext()) {
      sorter.insert(records.next());
    }
    return sorter.sortedIterator();
  }

  /**
   * sortByKey's reduce side: each record goes into the sorter as the bytes it arrived in when the
   * sorter keeps records serialized (it then needs only the key, for its prefix), so a record is
   * not serialized again right after being read (issue 15, W3).
   */
  @SuppressWarnings("unchecked")
  private <K, C> Iterator<Pair<K, C>> sorted(EngineTaskContext context, Kryo kryo, MapStatus[] statuses,
      ShuffleBlockSource.PartitionBlocks segments, int shuffleId, int reduceId, Comparator<K> keyOrdering) {
    RecordIterator records = new RecordIterator(context, kryo, statuses, segments, shuffleId, reduceId,
        compression);
    ExternalSorter<K, C> sorter = new ExternalSorter<>(context, keyOrdering, kryo);
    while (records.advance()) {
      K key = (K) records.key;
      if (!records.recordBytesInBuffer()
          || !sorter.insertSerialized(key, records.buffer(), records.recordStart, records.recordLength())) {
        sorter.insert(new Pair<>(key, (C) records.value));
      }
    }
    return sorter.sortedIterator();
  }

  public <K, V, C> Iterator<Pair<K, C>> read(EngineTaskContext context, int shuffleId, int reduceId,
      Aggregator<K, V, C> aggregator, boolean mapSideCombine) {
    return read(context, shuffleId, reduceId, aggregator, mapSideCombine, null);
  }

  /** Where the map outputs are; an unknown location is a fetch failure too (Spark's metadata fetch failure). */
  private MapStatus[] statuses(EngineTaskContext context, int shuffleId, int reduceId) {
    try {
      return locator.statuses(shuffleId, context);
    } catch (MissingMapOutputException e) {
      throw context.setFetchFailed(FetchFailedException.missingOutput(shuffleId, reduceId, e.getMessage()));
    }
  }

  @SuppressWarnings("unchecked")
  private <K, V, C> Iterator<Pair<K, C>> combined(EngineTaskContext context, Kryo kryo, MapStatus[] statuses,
      ShuffleBlockSource.PartitionBlocks segments, int shuffleId, int reduceId, Aggregator<K, V, C> aggregator,
      boolean mapSideCombine) {
    RecordIterator records = new RecordIterator(context, kryo, statuses, segments, shuffleId, reduceId,
        compression);
    if (aggregator == null) {
      return (Iterator<Pair<K, C>>) (Iterator<?>) records;
    }
    if (!mapSideCombine) {
      // Every value arrives on its own (groupByKey): group by sorting on the key hash rather than
      // probing a hash map per record (HashSortGrouper says why).
      HashSortGrouper<K, V, C> groups = new HashSortGrouper<>(context, HashSortGrouper.of(aggregator), kryo);
      while (records.advance()) {
        groups.insert((K) records.key, (V) records.value);
      }
      return groups.iterator();
    }
    ExternalCombiner<K, V, C> map = new ExternalCombiner<>(context, aggregator, null, kryo);
    while (records.advance()) {
      map.insertCombiner((K) records.key, (C) records.value);
    }
    return map.iterator();
  }

  /**
   * Walks the records of all segments of one reduce partition, fetching segment by segment. Only
   * what the block source throws becomes a fetch failure; whatever the consumer of the records
   * throws (user code) passes through this iterator untouched.
   */
  private static final class RecordIterator implements Iterator<Pair<Object, Object>> {
    private final EngineTaskContext context;
    private final Kryo kryo;
    private final MapStatus[] statuses;
    private final ShuffleBlockSource.PartitionBlocks segments;
    private final int shuffleId;
    private final int reduceId;
    private final TaskMetrics metrics;
    private final CompressionCodec codec;
    private final Input input = new Input();
    private final Input decoded;
    private Input current = input;
    private int nextMap;
    private boolean ready;
    Object key;
    Object value;
    /** Where the current record starts in {@link #buffer()}; valid while {@link #recordBytesInBuffer()}. */
    int recordStart;
    /** Bytes the current input had dropped from its buffer before the record started (Input.total() - position). */
    private long droppedBeforeRecord;

    RecordIterator(EngineTaskContext context, Kryo kryo, MapStatus[] statuses, ShuffleBlockSource.PartitionBlocks segments,
        int shuffleId, int reduceId, ShuffleCompression compression) {
      this.context = context;
      this.kryo = kryo;
      this.statuses = statuses;
      this.segments = segments;
      this.shuffleId = shuffleId;
      this.reduceId = reduceId;
      this.metrics = context.metrics();
      this.codec = compression.shuffleCodec();
      this.decoded = codec == null ? null : new Input(compression.fileBufferBytes());
      input.setBuffer(new byte[0]);
    }

    /** True when the current segment has no more bytes (a compressed one: its stream has ended). */
    private boolean segmentDone() {
      return current == input ? input.position() >= input.limit() : decoded.end();
    }

    /** Moves to the next record, setting key and value; false at the end. */
    boolean advance() {
      while (segmentDone()) {
        if (!fetchNextSegment()) {
          return false;
        }
      }
      recordStart = current.position();
      droppedBeforeRecord = current.total() - recordStart;
      key = kryo.readClassAndObject(current);
      value = kryo.readClassAndObject(current);
      metrics.incShuffleRead(1, 0);
      return true;
    }

    /**
     * True if the current record's bytes are all still in {@link #buffer()} from {@link #recordStart}:
     * always for an uncompressed segment (one array); for a decompressed stream, unless its buffer
     * was compacted (earlier bytes dropped) while the record was read.
     */
    boolean recordBytesInBuffer() {
      return current.total() - current.position() == droppedBeforeRecord;
    }

    byte[] buffer() {
      return current.getBuffer();
    }

    int recordLength() {
      return current.position() - recordStart;
    }

    private boolean fetchNextSegment() {
      while (nextMap < statuses.length) {
        MapStatus status = statuses[nextMap++];
        if (status.sizes()[reduceId] == 0) {
          continue;
        }
        byte[] segment = fetch(status);
        metrics.incShuffleRead(0, segment.length);
        if (codec == null) {
          input.setBuffer(segment);
        } else {
          decoded.setInputStream(decompress(segment, status));
          current = decoded;
        }
        return true;
      }
      input.setBuffer(new byte[0]); // drop the last segment's bytes
      if (decoded != null) {
        decoded.setInputStream(null);
      }
      current = input;
      segments.close();
      return false;
    }

    /** A stream of the segment's records; a codec that cannot start on it is a fetch failure of its map output. */
    private java.io.InputStream decompress(byte[] segment, MapStatus status) {
      try {
        return codec.decompress(new java.io.ByteArrayInputStream(segment));
      } catch (IOException | RuntimeException e) {
        throw context.setFetchFailed(FetchFailedException.mapOutput(status, shuffleId, reduceId, new IOException(
            "Cannot decompress shuffle segment with " + codec.name() + " (spindle.io.compression.codec): " + e, e)));
      }
    }

    /** One segment; any failure to get it (not an interrupt) is a fetch failure of its map output. */
    private byte[] fetch(MapStatus status) {
      long started = System.nanoTime();
      try {
        return segments.fetch(status.mapId());
      } catch (FetchFailedException e) {
        throw context.setFetchFailed(e);
      } catch (InterruptedIOException e) {
        throw new UncheckedIOException("Interrupted while reading shuffle " + shuffleId, e);
      } catch (IOException | RuntimeException e) {
        throw context.setFetchFailed(FetchFailedException.mapOutput(status, shuffleId, reduceId, e));
      } finally {
        // Segments are fetched when the task asks for their records: all of this is waiting (Spark's Fetch Wait Time).
        context.metrics().incShuffleFetchWaitTime(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(
            System.nanoTime() - started));
      }
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
