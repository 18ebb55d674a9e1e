package io.spindle.shuffle.format;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The index file of one map output: where each reduce partition's segment starts in the data file
 * and the CRC32C of that segment's bytes.
 *
 * <pre>
 * offset  size        field
 * 0       4           magic "SPIX"
 * 4       4           format version (1)
 * 8       4           R, number of reduce partitions
 * 12      8 * (R+1)   offsets: segment p is [offsets[p], offsets[p+1]) of the data file; offsets[0] = 0
 * ...     4 * R       CRC32C of each segment (0 for an empty one)
 * </pre>
 *
 * All numbers are big-endian. Instances are immutable.
 */
public final class ShuffleIndex {
  public static final int MAGIC = 0x53504958; // "SPIX"
  public static final int VERSION = 1;
  private static final int HEADER_BYTES = 12;

  private final long[] offsets;
  private final int[] checksums;

  private ShuffleIndex(long[] offsets, int[] checksums) {
    this.offsets = offsets;
    this.checksums = checksums;
  }

  /** Builds an index from segment lengths; offsets are their running sums. */
  public static ShuffleIndex fromLengths(long[] lengths, int[] checksums) {
    if (lengths.length != checksums.length) {
      throw new IllegalArgumentException("lengths and checksums differ in size");
    }
    long[] offsets = new long[lengths.length + 1];
    for (int p = 0; p < lengths.length; p++) {
      offsets[p + 1] = offsets[p] + lengths[p];
    }
    return new ShuffleIndex(offsets, checksums.clone());
  }

  public int numPartitions() {
    return checksums.length;
  }

  public long offset(int partition) {
    return offsets[partition];
  }

  public long length(int partition) {
    return offsets[partition + 1] - offsets[partition];
  }

  public int checksum(int partition) {
    return checksums[partition];
  }

  /** Total bytes of the data file this index describes. */
  public long dataLength() {
    return offsets[offsets.length - 1];
  }

  /** Segment lengths, one per reduce partition (a fresh array). */
  public long[] lengths() {
    long[] lengths = new long[numPartitions()];
    for (int p = 0; p < lengths.length; p++) {
      lengths[p] = length(p);
    }
    return lengths;
  }

  public byte[] toBytes() {
    int r = numPartitions();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES + 8 * (r + 1) + 4 * r);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(r);
      for (long offset : offsets) {
        out.writeLong(offset);
      }
      for (int checksum : checksums) {
        out.writeInt(checksum);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // cannot happen on a byte array
    }
    return bytes.toByteArray();
  }

  public static ShuffleIndex fromBytes(byte[] bytes, String source) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes.length < HEADER_BYTES || buf.getInt() != MAGIC) {
      throw new IOException("Not a Spindle shuffle index file: " + source);
    }
    int version = buf.getInt();
    if (version != VERSION) {
      throw new IOException("Shuffle index " + source + " has format version " + version
          + ", this build reads version " + VERSION);
    }
    int r = buf.getInt();
    if (r < 0 || bytes.length != HEADER_BYTES + 8L * (r + 1) + 4L * r) {
      throw new IOException("Truncated or corrupt shuffle index file: " + source);
    }
    long[] offsets = new long[r + 1];
    for (int i = 0; i <= r; i++) {
      offsets[i] = buf.getLong();
      if (offsets[i] < 0 || (i > 0 && offsets[i] < offsets[i - 1])) {
        throw new IOException("Corrupt offsets in shuffle index file: " + source);
      }
    }
    int[] checksums = new int[r];
    for (int i = 0; i < r; i++) {
      checksums[i] = buf.getInt();
    }
    return new ShuffleIndex(offsets, checksums);
  }

  public static ShuffleIndex read(Path indexFile) throws IOException {
    return fromBytes(Files.readAllBytes(indexFile), indexFile.toString());
  }
}
