package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import io.spindle.function.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every pair of an element of {@code left} and an element of {@code right}, without a shuffle:
 * one partition per pair of parent partitions, numbered {@code leftIndex * rightCount + rightIndex}
 * (Spark's order). The right partition is read once into memory and replayed for each left
 * element, rather than recomputed per element.
 */
public final class CartesianRdd<T, U> extends RddNode<Pair<T, U>> {
  private static final long serialVersionUID = 1L;

  private final RddNode<T> left;
  private final RddNode<U> right;
  private final int rightCount;

  private record CartesianPartition(int index, Partition left, Partition right) implements Partition {}

  public CartesianRdd(RddNode<T> left, RddNode<U> right) {
    super(left.context());
    this.left = left;
    this.right = right;
    this.rightCount = right.getNumPartitions();
  }

  @Override
  protected Partition[] computePartitions() {
    Partition[] l = left.partitions();
    Partition[] r = right.partitions();
    Partition[] out = new Partition[l.length * r.length];
    for (int i = 0; i < l.length; i++) {
      for (int j = 0; j < r.length; j++) {
        int index = i * r.length + j;
        out[index] = new CartesianPartition(index, l[i], r[j]);
      }
    }
    return out;
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    return List.of(new SideDependency<>(left, rightCount, true), new SideDependency<>(right, rightCount, false));
  }

  /** Child partition {@code i} reads left partition {@code i / rightCount} and right partition {@code i % rightCount}. */
  private static final class SideDependency<X> extends NarrowDependency<X> {
    private static final long serialVersionUID = 1L;
    private final int rightCount;
    private final boolean isLeft;

    SideDependency(RddNode<X> rdd, int rightCount, boolean isLeft) {
      super(rdd);
      this.rightCount = rightCount;
      this.isLeft = isLeft;
    }

    @Override
    public List<Integer> parents(int partitionId) {
      return List.of(isLeft ? partitionId / rightCount : partitionId % rightCount);
    }
  }

  @Override
  public Iterator<Pair<T, U>> compute(Partition split, EngineTaskContext context) {
    CartesianPartition p = (CartesianPartition) split;
    ArrayList<U> rights = new ArrayList<>();
    right.iterator(p.right(), context).forEachRemaining(rights::add);
    if (rights.isEmpty()) {
      return Collections.emptyIterator();
    }
    Iterator<T> lefts = left.iterator(p.left(), context);
    return new Iterator<>() {
      private T current;
      private int next = rights.size();

      @Override
      public boolean hasNext() {
        return next < rights.size() || lefts.hasNext();
      }

      @Override
      public Pair<T, U> next() {
        if (next == rights.size()) {
          if (!lefts.hasNext()) {
            throw new NoSuchElementException();
          }
          current = lefts.next();
          next = 0;
        }
        return new Pair<>(current, rights.get(next++));
      }
    };
  }
}
