package io.spindle.rdd;

import java.util.List;

/** Child partitions [outStart, outStart+length) read parent partitions [inStart, inStart+length), as in union. */
public final class RangeDependency<T> extends NarrowDependency<T> {
  private static final long serialVersionUID = 1L;
  private final int inStart;
  private final int outStart;
  private final int length;

  public RangeDependency(RddNode<T> rdd, int inStart, int outStart, int length) {
    super(rdd);
    this.inStart = inStart;
    this.outStart = outStart;
    this.length = length;
  }

  @Override
  public List<Integer> parents(int partitionId) {
    if (partitionId >= outStart && partitionId < outStart + length) {
      return List.of(partitionId - outStart + inStart);
    }
    return List.of();
  }
}
