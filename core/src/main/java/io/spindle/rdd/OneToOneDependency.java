package io.spindle.rdd;

import java.util.List;

/** Child partition i reads parent partition i. */
public final class OneToOneDependency<T> extends NarrowDependency<T> {
  private static final long serialVersionUID = 1L;

  public OneToOneDependency(RddNode<T> rdd) {
    super(rdd);
  }

  @Override
  public List<Integer> parents(int partitionId) {
    return List.of(partitionId);
  }
}
