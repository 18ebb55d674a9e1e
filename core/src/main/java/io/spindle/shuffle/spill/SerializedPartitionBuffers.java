package io.spindle.shuffle.spill;

import io.spindle.task.EngineTaskContext;
import com.esotericsoftware.kryo.Kryo;
import io.spindle.shuffle.codec.CompressionCodec;
import io.spindle.shuffle.codec.ShuffleCompression;
import io.spindle.shuffle.format.MapOutputWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A map task's records serialized straight into one buffer per reduce partition (no sort, no
 * record objects kept), for shuffles without map-side combine. Memory is counted exactly: the
 * buffers' capacities. When the task cannot get more, all buffers go to one spill file, partition
 * after partition; at the end each partition's bytes from every spill and from memory are
 * concatenated into the map output. Segments are plain sequences of Kryo records, so concatenating
 * them needs no deserialization.
 *
 * <p>With spill compression each partition's bytes in a spill file are compressed on their own, so
 * they are read back partition by partition; with shuffle compression each map output segment is
 * one compressed stream of the partition's concatenated records.
 *
 * <p>The buffers grow by pages ({@link PagedOutput}), not by copying into arrays twice the size.
 */
public final class SerializedPartitionBuffers extends Spillable {
  private static final int INITIAL_BUFFER = 1024;

  /** A spill of raw segment bytes; {@code lengths[p]} bytes of partition p, in partition order. */
  private record RawRun(Path file, long[] lengths) {}

  private final Kryo kryo;
  private final ShuffleCompression compression;
  private PagedOutput[] buffers;
  private long capacity;
  private long records;
  private final List<RawRun> runs = new ArrayList<>();

  public SerializedPartitionBuffers(EngineTaskContext context, Kryo kryo, int numPartitions) {
    this(context, kryo, numPartitions, ShuffleCompression.NONE);
  }

  public SerializedPartitionBuffers(EngineTaskContext context, Kryo kryo, int numPartitions,
      ShuffleCompression compression) {
    super(context);
    this.kryo = kryo;
    this.compression = compression;
    this.buffers = new PagedOutput[numPartitions];
  }

  public void write(int partition, Object key, Object value) {
    PagedOutput out = buffers[partition];
    if (out == null) {
      out = new PagedOutput(INITIAL_BUFFER);
      buffers[partition] = out;
      capacity += out.bytesHeld();
    }
    long before = out.bytesHeld();
    kryo.writeClassAndObject(out, key);
    kryo.writeClassAndObject(out, value);
    capacity += out.bytesHeld() - before;
    records++;
    if (shouldSpill(records, capacity)) {
      spill();
    }
  }

  public long records() {
    return records;
  }

  private void spill() {
    Path file = SpillFiles.create(context, "shuffle");
    long[] lengths = new long[buffers.length];
    long total = 0;
    CompressionCodec codec = compression.spillCodec();
    try (CountingStream out = new CountingStream(new java.io.BufferedOutputStream(Files.newOutputStream(file),
        compression.fileBufferBytes()))) {
      for (int p = 0; p < buffers.length; p++) {
        PagedOutput b = buffers[p];
        if (b != null && b.size() > 0) {
          long before = out.count;
          if (codec == null) {
            b.writeTo(out);
          } else {
            try (OutputStream chunk = codec.compress(out)) {
              b.writeTo(chunk);
            }
          }
          lengths[p] = out.count - before;
          total += lengths[p];
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write spill file " + file + ": " + e.getMessage()
          + "; check free space in spindle.local.dir", e);
    }
    RawRun run = new RawRun(file, lengths);
    runs.add(run);
    long freed = capacity;
    buffers = new PagedOutput[buffers.length];
    capacity = 0;
    records = 0;
    spilled(freed, new SpillRun(file, new long[0], total));
  }

  /** Writes every partition (spilled bytes first, then memory) to {@code writer}; frees everything. */
  public void writeTo(MapOutputWriter writer) throws IOException {
    List<InputStream> ins = new ArrayList<>();
    try {
      for (RawRun run : runs) {
        ins.add(new java.io.BufferedInputStream(Files.newInputStream(run.file()), SpillWriter.BUFFER_BYTES));
      }
      byte[] copy = runs.isEmpty() ? null : new byte[SpillWriter.BUFFER_BYTES];
      CompressionCodec segmentCodec = compression.shuffleCodec();
      CompressionCodec spillCodec = compression.spillCodec();
      for (int p = 0; p < buffers.length; p++) {
        PagedOutput b = buffers[p];
        long inMemory = b == null ? 0 : b.size();
        long onDisk = 0;
        for (RawRun run : runs) {
          onDisk += run.lengths()[p];
        }
        if (inMemory + onDisk == 0) {
          continue;
        }
        writer.startPartition(p);
        OutputStream out = segmentCodec == null ? writer.stream() : segmentCodec.compress(writer.stream());
        for (int r = 0; r < runs.size(); r++) {
          long length = runs.get(r).lengths()[p];
          if (spillCodec == null || length == 0) {
            copy(ins.get(r), out, length, copy, runs.get(r).file());
          } else { // each partition's chunk of a spill is one compressed stream
            try (InputStream chunk = spillCodec.decompress(new BoundedStream(ins.get(r), length))) {
              chunk.transferTo(out);
            }
          }
        }
        if (inMemory > 0) {
          b.writeTo(out);
        }
        if (segmentCodec != null) {
          out.close(); // ends this segment's compressed stream; the writer's file stays open
        }
        buffers[p] = null; // on its way to disk: let it go
      }
    } finally {
      for (InputStream in : ins) {
        in.close();
      }
      for (RawRun run : runs) {
        SpillFiles.delete(run.file());
      }
      releaseMemory();
    }
  }

  /** Counts the bytes written to a spill file; closing it closes the file. */
  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /**
   * The next {@code length} bytes of a spill file's stream (one partition's compressed chunk); closing
   * it skips what the decompressor left and leaves the file's stream open for the next partition.
   */
  private static final class BoundedStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("Spill file ended " + left + " bytes early");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }
  }

  private static void copy(InputStream in, OutputStream out, long n, byte[] buf, Path file) throws IOException {
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new IOException("Spill file " + file + " ended " + left + " bytes early");
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }
}
