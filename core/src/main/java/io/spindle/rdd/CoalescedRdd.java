package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Fewer partitions without a shuffle: child partition i reads a contiguous group of parent
 * partitions, one after another. Contiguous groups keep the order of elements.
 */
public final class CoalescedRdd<T> extends RddNode<T> {
  private static final long serialVersionUID = 1L;

  private final RddNode<T> parent;
  private final int target;

  public CoalescedRdd(RddNode<T> parent, int target) {
    super(parent.context());
    if (target < 1) {
      throw new IllegalArgumentException("Number of partitions must be positive, got " + target);
    }
    this.parent = parent;
    this.target = target;
  }

  private record Group(int index, List<Partition> parents) implements Partition {}

  @Override
  protected Partition[] computePartitions() {
    Partition[] in = parent.partitions();
    int n = Math.min(target, Math.max(1, in.length));
    Partition[] out = new Partition[n];
    for (int i = 0; i < n; i++) {
      int from = (int) ((long) i * in.length / n);
      int to = (int) ((long) (i + 1) * in.length / n);
      List<Partition> group = new ArrayList<>();
      for (int j = from; j < to; j++) {
        group.add(in[j]);
      }
      out[i] = new Group(i, group);
    }
    return out;
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    return List.of(new NarrowDependency<T>(parent) {
      private static final long serialVersionUID = 1L;

      @Override
      public List<Integer> parents(int partitionId) {
        List<Integer> ids = new ArrayList<>();
        for (Partition p : ((Group) partitions()[partitionId]).parents()) {
          ids.add(p.index());
        }
        return ids;
      }
    });
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    List<String> hosts = new ArrayList<>();
    for (Partition p : ((Group) partition).parents()) {
      for (String h : parent.preferredLocations(p)) {
        if (!hosts.contains(h)) {
          hosts.add(h);
        }
      }
    }
    return hosts;
  }

  @Override
  public Iterator<T> compute(Partition split, EngineTaskContext context) {
    List<Partition> group = ((Group) split).parents();
    if (group.isEmpty()) {
      return Collections.emptyIterator();
    }
    return new Iterator<>() {
      private int next = 0;
      private Iterator<T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && next < group.size()) {
          current = parent.iterator(group.get(next++), context);
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
