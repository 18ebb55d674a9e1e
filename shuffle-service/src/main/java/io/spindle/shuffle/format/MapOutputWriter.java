package io.spindle.shuffle.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

/**
 * Writes one map task's output: the segments of reduce partitions 0..R-1 in increasing order into
 * one data file, then the {@link ShuffleIndex}. Both go to temporary names first and are renamed
 * at {@link #commit()}; if another attempt of the same map task already committed, that output
 * wins and this attempt's files are deleted (map outputs of one map task are interchangeable).
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
    this.dataFile = dataFile;
    this.indexFile = indexFile;
    this.tmpData = dataFile.resolveSibling(dataFile.getFileName() + "." + attemptTag + ".tmp");
    this.tmpIndex = indexFile.resolveSibling(indexFile.getFileName() + "." + attemptTag + ".tmp");
    this.lengths = new long[numPartitions];
    this.checksums = new int[numPartitions];
    Files.createDirectories(dataFile.getParent());
    this.counting = new CountingCrcStream(Files.newOutputStream(tmpData));
    this.out = new BufferedOutputStream(counting, BUFFER_BYTES);
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
        Files.deleteIfExists(tmpData);
        return ShuffleIndex.read(indexFile);
      }
      Files.write(tmpIndex, index.toBytes());
      move(tmpData, dataFile);
      move(tmpIndex, indexFile); // the index appears last: its presence means the output is complete
    }
    return index;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
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
