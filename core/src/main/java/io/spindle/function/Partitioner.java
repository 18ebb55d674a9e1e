package io.spindle.function;

import java.io.Serializable;

/**
 * Decides which reduce partition a key goes to. Two partitioners that are {@code equals} place
 * every key alike, which lets the scheduler skip a shuffle whose input is already partitioned.
 */
public abstract class Partitioner implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract int numPartitions();

  /** Partition of {@code key}, in {@code [0, numPartitions())}. */
  public abstract int getPartition(Object key);
}
