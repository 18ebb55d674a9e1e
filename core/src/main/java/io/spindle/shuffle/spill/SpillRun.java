package io.spindle.shuffle.spill;

import java.nio.file.Path;

/**
 * One spilled run on disk: records grouped by partition in partition order, sorted within each
 * partition the way the writer sorted them (by key hash, or by key ordering).
 *
 * @param records records per partition
 * @param bytes bytes in the file
 */
public record SpillRun(Path file, long[] records, long bytes) {

  public long records(int partition) {
    return records[partition];
  }
}
