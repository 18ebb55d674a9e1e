package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import io.spindle.util.Exceptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Partition i of two parents with the same number of partitions, combined by one function, with
 * no shuffle ({@code zip}, {@code zipPartitions}). Both parents are read in the same task. As in
 * Spark, a partition prefers the hosts both parents' partitions prefer, else any of either's.
 */
public final class ZippedPartitionsRdd<A, B, R> extends RddNode<R> {
  private static final long serialVersionUID = 1L;

  /** What a zipped partition computes from the two parent partitions. */
  @FunctionalInterface
  public interface ZipFunction<A, B, R> extends Serializable {
    Iterator<R> apply(Iterator<A> left, Iterator<B> right) throws Exception;
  }

  private record ZippedPartition(int index, Partition left, Partition right) implements Partition {}

  private final RddNode<A> left;
  private final RddNode<B> right;
  private final ZipFunction<A, B, R> function;
  private final boolean preservesPartitioning;

  public ZippedPartitionsRdd(RddNode<A> left, RddNode<B> right, ZipFunction<A, B, R> function,
      boolean preservesPartitioning) {
    super(left.context());
    this.left = left;
    this.right = right;
    this.function = function;
    this.preservesPartitioning = preservesPartitioning;
  }

  @Override
  protected Partition[] computePartitions() {
    Partition[] l = left.partitions();
    Partition[] r = right.partitions();
    if (l.length != r.length) {
      throw new IllegalArgumentException("Can't zip RDDs with unequal numbers of partitions: [" + l.length + ", "
          + r.length + "]; repartition one of them to the other's count first");
    }
    Partition[] out = new Partition[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = new ZippedPartition(i, l[i], r[i]);
    }
    return out;
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    return List.of(new OneToOneDependency<>(left), new OneToOneDependency<>(right));
  }

  @Override
  public io.spindle.function.Partitioner partitioner() {
    return preservesPartitioning ? left.partitioner() : null;
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    ZippedPartition p = (ZippedPartition) partition;
    List<String> l = left.preferredLocations(p.left());
    List<String> r = right.preferredLocations(p.right());
    List<String> both = new ArrayList<>(l);
    both.retainAll(r);
    if (!both.isEmpty()) {
      return both;
    }
    Set<String> either = new LinkedHashSet<>(l);
    either.addAll(r);
    return new ArrayList<>(either);
  }

  /**
   * The elements of two partitions side by side ({@code zip}); fails, as Spark does, when one
   * partition has more elements than the other.
   */
  public static <A, B> Iterator<io.spindle.function.Pair<A, B>> pairwise(Iterator<A> left, Iterator<B> right) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        boolean l = left.hasNext();
        boolean r = right.hasNext();
        if (l != r) {
          throw new IllegalStateException("Can only zip RDDs with same number of elements in each partition; "
              + "zip RDDs derived from one another by map-like operations, or use zipWithIndex and join");
        }
        return l;
      }

      @Override
      public io.spindle.function.Pair<A, B> next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return new io.spindle.function.Pair<>(left.next(), right.next());
      }
    };
  }

  @Override
  public Iterator<R> compute(Partition split, EngineTaskContext context) {
    ZippedPartition p = (ZippedPartition) split;
    try {
      return function.apply(left.iterator(p.left(), context), right.iterator(p.right(), context));
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
  }
}
