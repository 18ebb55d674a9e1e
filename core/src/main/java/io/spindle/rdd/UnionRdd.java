package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The partitions of several RDDs, one after another; no data moves. */
public final class UnionRdd<T> extends RddNode<T> {
  private static final long serialVersionUID = 1L;

  private final List<RddNode<T>> parents;

  public UnionRdd(RddContext ctx, List<RddNode<T>> parents) {
    super(ctx);
    this.parents = List.copyOf(parents);
  }

  private record UnionPartition(int index, int parentIndex, Partition parentPartition) implements Partition {}

  @Override
  protected Partition[] computePartitions() {
    List<Partition> out = new ArrayList<>();
    for (int p = 0; p < parents.size(); p++) {
      for (Partition parentPartition : parents.get(p).partitions()) {
        out.add(new UnionPartition(out.size(), p, parentPartition));
      }
    }
    return out.toArray(new Partition[0]);
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    List<Dependency<?>> deps = new ArrayList<>();
    int outStart = 0;
    for (RddNode<T> parent : parents) {
      int n = parent.partitions().length;
      deps.add(new RangeDependency<>(parent, 0, outStart, n));
      outStart += n;
    }
    return deps;
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    UnionPartition u = (UnionPartition) partition;
    return parents.get(u.parentIndex()).preferredLocations(u.parentPartition());
  }

  @Override
  public Iterator<T> compute(Partition split, EngineTaskContext context) {
    UnionPartition u = (UnionPartition) split;
    return parents.get(u.parentIndex()).iterator(u.parentPartition(), context);
  }
}
