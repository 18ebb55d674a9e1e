package io.spindle.rdd;

import java.util.List;

/**
 * Each child partition reads a few known parent partitions, so parent and child are computed in
 * the same task, as one pipelined iterator chain.
 */
public abstract class NarrowDependency<T> extends Dependency<T> {
  private static final long serialVersionUID = 1L;
  private final RddNode<T> rdd;

  protected NarrowDependency(RddNode<T> rdd) {
    this.rdd = rdd;
  }

  @Override
  public RddNode<T> rdd() {
    return rdd;
  }

  /** Parent partitions that child partition {@code partitionId} reads. */
  public abstract List<Integer> parents(int partitionId);
}
