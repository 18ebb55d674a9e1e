package io.spindle.rdd;

import io.spindle.Rdd;
import java.util.List;

/**
 * Each child partition reads a few known parent partitions, so parent and child are computed in
 * the same task, as one pipelined iterator chain.
 */
public abstract class NarrowDependency<T> extends Dependency<T> {
  private static final long serialVersionUID = 1L;
  private final Rdd<T> rdd;

  protected NarrowDependency(Rdd<T> rdd) {
    this.rdd = rdd;
  }

  @Override
  public Rdd<T> rdd() {
    return rdd;
  }

  /** Parent partitions that child partition {@code partitionId} reads. */
  public abstract List<Integer> parents(int partitionId);
}
