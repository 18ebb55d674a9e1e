package io.spindle.shuffle;

import java.io.IOException;

/**
 * Where a reducer gets segment bytes from: local disk in local mode; the shuffle service of the
 * writer's host on YARN and local-cluster. Implementations verify checksums, so what they return
 * is never corrupt.
 */
public interface ShuffleBlockSource {

  /**
   * Starts reading reduce partition {@code reduceId} of a shuffle whose map outputs are
   * {@code statuses} (indexed by map partition; none null). A remote source may start fetching
   * every non-empty segment at once.
   */
  PartitionBlocks open(int shuffleId, int reduceId, MapStatus[] statuses);

  /** The segments of one reduce partition, taken one map output at a time. */
  interface PartitionBlocks extends AutoCloseable {
    /**
     * The segment written by map {@code mapIndex} (its size in the status is not 0).
     *
     * @throws FetchFailedException or IOException if it cannot be had; the reader reports either
     *     as a fetch failure of that map output
     */
    byte[] fetch(int mapIndex) throws IOException;

    /** Drops what is in flight or buffered; called at the end of the read and of the task. */
    @Override
    void close();
  }
}
