package io.spindle.shuffle;

import io.spindle.shuffle.spill.Aggregator;
import io.spindle.task.EngineTaskContext;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.function.Pair;
import io.spindle.function.Partitioner;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.format.MapOutputWriter;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.format.ShuffleIndex;
import io.spindle.shuffle.spill.ExternalCombiner;
import io.spindle.shuffle.spill.RecordCursor;
import io.spindle.shuffle.spill.SerializedPartitionBuffers;
import io.spindle.shuffle.codec.CompressionCodec;
import io.spindle.shuffle.codec.ShuffleCompression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Writes one map task's records as one data file + one index file, records grouped by reduce
 * partition in partition order.
 *
 * <p>Without map-side combine, records are serialized straight into per-partition buffers
 * ({@link SerializedPartitionBuffers}) that spill to local disk when the task gets no more
 * execution memory; spilled and in-memory bytes are concatenated per partition at the end. With
 * map-side combine, values are combined per key in an {@link ExternalCombiner}, which spills
 * entries sorted by (partition, key hash) and merge-combines them at the end, so one record per
 * key and map task is written.
 *
 * <p>Segment format: a sequence of (key, value) written with Kryo's writeClassAndObject, no
 * framing; a segment ends where its bytes end. With {@code spindle.shuffle.compress} each
 * non-empty segment is one stream of {@code spindle.io.compression.codec} over that sequence, so
 * it decodes on its own; index lengths and checksums are of the compressed bytes on disk.
 */
public final class SortShuffleWriter<K, V, C> {
  private static final int OUTPUT_BUFFER = 64 * 1024;

  private final KryoSerializer serializer;
  private final Path[] localDirs;
  private final ShuffleCompression compression;

  /** Uncompressed output (tools and tests). */
  public SortShuffleWriter(KryoSerializer serializer, Path[] localDirs) {
    this(serializer, localDirs, ShuffleCompression.NONE);
  }

  public SortShuffleWriter(KryoSerializer serializer, Path[] localDirs, ShuffleCompression compression) {
    this.serializer = serializer;
    this.localDirs = localDirs;
    this.compression = compression;
  }

  /** Outside a task (tools, tests): nothing is accounted, nothing spills. */
  public long[] write(int shuffleId, int mapId, String attemptTag, Iterator<Pair<K, V>> records,
      Partitioner partitioner, Aggregator<K, V, C> aggregator, boolean mapSideCombine) throws IOException {
    return write(null, shuffleId, mapId, attemptTag, records, partitioner, aggregator, mapSideCombine);
  }

  /**
   * Writes the records and returns the per-reduce-partition sizes of the committed output.
   *
   * @param context the running task (memory, spill files, metrics), or null outside a task
   */
  public long[] write(EngineTaskContext context, int shuffleId, int mapId, String attemptTag,
      Iterator<Pair<K, V>> records, Partitioner partitioner, Aggregator<K, V, C> aggregator,
      boolean mapSideCombine) throws IOException {
    int numPartitions = partitioner.numPartitions();
    Path data = ShuffleFiles.dataFile(localDirs, shuffleId, mapId);
    Path index = ShuffleFiles.indexFile(localDirs, shuffleId, mapId);
    Kryo kryo = serializer.borrow();
    try {
      long written;
      ShuffleIndex committed;
      if (mapSideCombine) {
        ExternalCombiner<K, V, C> combiner = new ExternalCombiner<>(context, aggregator, partitioner, kryo);
        while (records.hasNext()) {
          Pair<K, V> r = records.next();
          combiner.insertValue(r.key(), r.value());
        }
        combiner.finish();
        try (MapOutputWriter writer = newWriter(data, index, numPartitions, attemptTag)) {
          written = writeCombined(combiner, writer, kryo, numPartitions);
          committed = writer.commit();
        } finally {
          combiner.close();
        }
      } else {
        SerializedPartitionBuffers buffers = new SerializedPartitionBuffers(context, kryo, numPartitions, compression);
        written = 0;
        while (records.hasNext()) {
          Pair<K, V> r = records.next();
          buffers.write(partitioner.getPartition(r.key()), r.key(), r.value());
          written++;
        }
        try (MapOutputWriter writer = newWriter(data, index, numPartitions, attemptTag)) {
          buffers.writeTo(writer);
          committed = writer.commit();
        }
      }
      long[] lengths = committed.lengths();
      if (context != null) {
        long bytes = 0;
        for (long l : lengths) {
          bytes += l;
        }
        context.metrics().incShuffleWrite(written, bytes);
      }
      return lengths;
    } finally {
      serializer.release(kryo);
    }
  }

  private MapOutputWriter newWriter(Path data, Path index, int numPartitions, String attemptTag) throws IOException {
    return new MapOutputWriter(data, index, numPartitions, attemptTag, compression.fileBufferBytes());
  }

  private long writeCombined(ExternalCombiner<?, ?, ?> combiner, MapOutputWriter writer, Kryo kryo,
      int numPartitions) throws IOException {
    CompressionCodec codec = compression.shuffleCodec();
    Output out = new Output(writer.stream(), OUTPUT_BUFFER);
    long written = 0;
    for (int p = 0; p < numPartitions; p++) {
      RecordCursor cursor = combiner.partition(p);
      OutputStream segment = null;
      while (cursor.advance()) {
        if (segment == null) {
          writer.startPartition(p);
          segment = codec == null ? writer.stream() : codec.compress(writer.stream());
          out.setOutputStream(segment);
        }
        kryo.writeClassAndObject(out, cursor.key());
        kryo.writeClassAndObject(out, cursor.value());
        written++;
      }
      out.flush(); // the segment's bytes must reach the writer before the next partition starts
      if (segment != null && codec != null) {
        segment.close(); // ends the segment's compressed stream; the writer's file stays open
        out.setOutputStream(writer.stream());
      }
    }
    return written;
  }
}
