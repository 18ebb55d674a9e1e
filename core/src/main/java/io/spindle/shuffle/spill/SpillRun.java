package io.spindle.shuffle.spill;

import io.spindle.shuffle.codec.CompressionCodec;
import java.nio.file.Path;

/**
 * One spilled run on disk: records grouped by partition in partition order, sorted within each
 * partition the way the writer sorted them (by key hash, or by key ordering).
 *
 * @param records records per partition
 * @param bytes bytes in the file
 * @param codec what the file is compressed with (one stream over the whole file), or null
 */
public record SpillRun(Path file, long[] records, long bytes, CompressionCodec codec) {

  /** An uncompressed run. */
  public SpillRun(Path file, long[] records, long bytes) {
    this(file, records, bytes, null);
  }

  public long records(int partition) {
    return records[partition];
  }
}
