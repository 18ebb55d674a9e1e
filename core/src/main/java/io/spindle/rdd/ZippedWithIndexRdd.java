package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import io.spindle.function.Pair;
import io.spindle.util.Iterators;
import java.util.List;

/**
 * Pairs each element with its position in the RDD (partition order, then order within the
 * partition). Knowing where partition i starts needs the sizes of partitions 0..i-1, so, as in
 * Spark, the constructor runs one job counting all partitions but the last — none when there is
 * only one partition.
 */
public final class ZippedWithIndexRdd<T> extends RddNode<Pair<T, Long>> {
  private static final long serialVersionUID = 1L;

  private final RddNode<T> parent;

  private record IndexedPartition(int index, Partition parent, long startIndex) implements Partition {}

  private final transient long[] startIndices;

  public ZippedWithIndexRdd(RddNode<T> parent) {
    super(parent.context());
    this.parent = parent;
    int n = parent.getNumPartitions();
    this.startIndices = new long[n];
    if (n > 1) {
      int[] allButLast = new int[n - 1];
      for (int i = 0; i < allButLast.length; i++) {
        allButLast[i] = i;
      }
      List<Long> sizes = parent.context().runJob(parent, (tc, it) -> {
        long c = 0;
        while (it.hasNext()) {
          it.next();
          c++;
        }
        return c;
      }, allButLast);
      for (int i = 1; i < n; i++) {
        startIndices[i] = startIndices[i - 1] + sizes.get(i - 1);
      }
    }
  }

  @Override
  protected Partition[] computePartitions() {
    Partition[] in = parent.partitions();
    Partition[] out = new Partition[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = new IndexedPartition(i, in[i], startIndices[i]);
    }
    return out;
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    return List.of(new OneToOneDependency<>(parent));
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    return parent.preferredLocations(((IndexedPartition) partition).parent());
  }

  @Override
  public java.util.Iterator<Pair<T, Long>> compute(Partition split, EngineTaskContext context) {
    IndexedPartition p = (IndexedPartition) split;
    long[] next = {p.startIndex()};
    return Iterators.map(parent.iterator(p.parent(), context), x -> new Pair<>(x, next[0]++));
  }
}
