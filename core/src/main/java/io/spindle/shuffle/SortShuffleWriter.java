package io.spindle.shuffle;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.Pair;
import io.spindle.Partitioner;
import io.spindle.rdd.Aggregator;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.format.MapOutputWriter;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.format.ShuffleIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Writes one map task's records as one data file + one index file, records grouped by reduce
 * partition in partition order. With map-side combine, values are first combined per key in a
 * {@link CombineMap}, so only one record per key and map task is written.
 *
 * <p>Records are serialized straight into one in-memory buffer per reduce partition, then written
 * out in partition order. That is bounded by the task's output size; spilling sorted runs under
 * memory pressure comes with the memory manager.
 *
 * <p>Segment format: a sequence of (key, value) written with Kryo's writeClassAndObject, no
 * framing; a segment ends where its bytes end.
 */
public final class SortShuffleWriter<K, V, C> {
  private static final int INITIAL_BUFFER = 4096;

  private final KryoSerializer serializer;
  private final Path[] localDirs;

  public SortShuffleWriter(KryoSerializer serializer, Path[] localDirs) {
    this.serializer = serializer;
    this.localDirs = localDirs;
  }

  /** Writes the records and returns the per-reduce-partition sizes of the committed output. */
  public long[] write(int shuffleId, int mapId, String attemptTag, Iterator<Pair<K, V>> records,
      Partitioner partitioner, Aggregator<K, V, C> aggregator, boolean mapSideCombine) throws IOException {
    int numPartitions = partitioner.numPartitions();
    Output[] buffers = new Output[numPartitions];
    Kryo kryo = serializer.borrow();
    try {
      if (mapSideCombine) {
        CombineMap<K, V, C> map = new CombineMap<>();
        while (records.hasNext()) {
          Pair<K, V> r = records.next();
          map.insertValue(r.key(), r.value(), aggregator);
        }
        map.forEach((key, combiner) -> writeRecord(kryo, buffers, partitioner, key, combiner));
      } else {
        while (records.hasNext()) {
          Pair<K, V> r = records.next();
          writeRecord(kryo, buffers, partitioner, r.key(), r.value());
        }
      }
    } finally {
      serializer.release(kryo);
    }
    return commit(shuffleId, mapId, attemptTag, buffers);
  }

  private static void writeRecord(Kryo kryo, Output[] buffers, Partitioner partitioner, Object key, Object value) {
    int p = partitioner.getPartition(key);
    Output out = buffers[p];
    if (out == null) {
      out = new Output(INITIAL_BUFFER, -1);
      buffers[p] = out;
    }
    kryo.writeClassAndObject(out, key);
    kryo.writeClassAndObject(out, value);
  }

  private long[] commit(int shuffleId, int mapId, String attemptTag, Output[] buffers) throws IOException {
    Path data = ShuffleFiles.dataFile(localDirs, shuffleId, mapId);
    Path index = ShuffleFiles.indexFile(localDirs, shuffleId, mapId);
    try (MapOutputWriter writer = new MapOutputWriter(data, index, buffers.length, attemptTag)) {
      for (int p = 0; p < buffers.length; p++) {
        Output out = buffers[p];
        if (out != null && out.position() > 0) {
          writer.startPartition(p);
          writer.stream().write(out.getBuffer(), 0, out.position());
          buffers[p] = null; // let the buffer go as soon as it is on its way to disk
        }
      }
      ShuffleIndex committed = writer.commit();
      return committed.lengths();
    }
  }
}
