package io.spindle.shuffle.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes one map task's output: the segments of reduce partitions 0..R-1 in increasing order into
 * one data file, then the {@link ShuffleIndex}. Both go to temporary names first and are renamed
 * at {@link #commit()}; if another attempt of the same map task already committed an output that
 * is still whole (every segment matches its checksum), that output wins and this attempt's files
 * are deleted (map outputs of one map task are interchangeable); a lost or damaged one is replaced.
 *
 * <p>Usage: {@code startPartition(p)} for each partition that has data, in increasing order,
 * writing its bytes to {@link #stream()}; then {@code commit()}. Not thread-safe.
 */
public final class MapOutputWriter implements AutoCloseable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path dataFile;
  private final Path indexFile;
  private final Path tmpData;
  private final Path tmpIndex;
  private final long[] lengths;
  private final int[] checksums;
  private final CountingCrcStream counting;
  private final OutputStream out;
  private int current = -1;
  private boolean done;

  public MapOutputWriter(Path dataFile, Path indexFile, int numPartitions, String attemptTag)
      throws IOException {
    this(dataFile, indexFile, numPartitions, attemptTag, BUFFER_BYTES);
  }

  /**
   * @param bufferBytes buffer between the segment stream and the file (the engine's
   *     {@code spindle.shuffle.file.buffer})
   */
  public MapOutputWriter(Path dataFile, Path indexFile, int numPartitions, String attemptTag, int bufferBytes)
      throws IOException {
    this.dataFile = dataFile;
    this.indexFile = indexFile;
    this.tmpData = dataFile.resolveSibling(dataFile.getFileName() + "." + attemptTag + ".tmp");
    this.tmpIndex = indexFile.resolveSibling(indexFile.getFileName() + "." + attemptTag + ".tmp");
    this.lengths = new long[numPartitions];
    this.checksums = new int[numPartitions];
    Files.createDirectories(dataFile.getParent());
    this.counting = new CountingCrcStream(Files.newOutputStream(tmpData));
    this.out = new BufferedOutputStream(counting, bufferBytes);
  }

  /** Ends the current segment and starts the one of {@code partition}. */
  public void startPartition(int partition) throws IOException {
    if (partition <= current || partition >= lengths.length) {
      throw new IllegalArgumentException("partition " + partition + " out of order after " + current);
    }
    finishSegment();
    current = partition;
  }

  /** The stream of the current segment. Closing it is a no-op; the writer owns the file. */
  public OutputStream stream() {
    return out;
  }

  private void finishSegment() throws IOException {
    out.flush();
    if (current >= 0) {
      lengths[current] = counting.count;
      checksums[current] = counting.crc();
    }
    counting.reset();
  }

  /**
   * Publishes the output. Returns the index that is now on disk: ours, or the index of an attempt
   * that committed first.
   */
  public ShuffleIndex commit() throws IOException {
    finishSegment();
    out.close();
    done = true;
    ShuffleIndex index = ShuffleIndex.fromLengths(lengths, checksums);
    synchronized (MapOutputWriter.class) { // attempts in one JVM race here; across JVMs ids differ
      if (Files.exists(indexFile)) {
        ShuffleIndex existing = readIfIntact(indexFile, dataFile);
        if (existing != null) {
          Files.deleteIfExists(tmpData);
          return existing;
        }
        // Lost or damaged (a reducer could not read it, so the driver re-ran this map task): ours
        // replaces it. The index goes first: while it is missing, nobody reads the old data.
        Files.deleteIfExists(indexFile);
      }
      Files.write(tmpIndex, index.toBytes());
      LocalFiles.moveIntoPlace(tmpData, dataFile);
      LocalFiles.moveIntoPlace(tmpIndex, indexFile); // the index appears last: its presence means the output is complete
    }
    return index;
  }

  /**
   * The committed output's index if its data file is whole and every segment matches its CRC32C;
   * null if anything is missing or wrong. Reads the whole output, but only runs when two attempts
   * of one map task commit, which is rare.
   */
  private static ShuffleIndex readIfIntact(Path indexFile, Path dataFile) {
    try {
      ShuffleIndex index = ShuffleIndex.read(indexFile);
      try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ)) {
        if (ch.size() != index.dataLength()) {
          return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        CRC32C crc = new CRC32C();
        for (int p = 0; p < index.numPartitions(); p++) {
          crc.reset();
          long pos = index.offset(p);
          long end = pos + index.length(p);
          while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
              return null;
            }
            crc.update(buf.flip());
            pos += n;
          }
          if (index.length(p) > 0 && (int) crc.getValue() != index.checksum(p)) {
            return null;
          }
        }
      }
      return index;
    } catch (IOException e) {
      return null;
    }
  }

  /** Discards an uncommitted output. Safe to call after commit (does nothing then). */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      try {
        out.close();
      } finally {
        Files.deleteIfExists(tmpData);
        Files.deleteIfExists(tmpIndex);
      }
    }
  }

  /** Counts bytes and computes the CRC32C of the current segment as they pass through. */
  private static final class CountingCrcStream extends OutputStream {
    private final OutputStream target;
    private final CRC32C crc = new CRC32C();
    long count;

    CountingCrcStream(OutputStream target) {
      this.target = target;
    }

    void reset() {
      count = 0;
      crc.reset();
    }

    int crc() {
      return count == 0 ? 0 : (int) crc.getValue();
    }

    @Override
    public void write(int b) throws IOException {
      target.write(b);
      crc.update(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
      crc.update(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      target.close();
    }
  }
}
