package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import io.spindle.function.Partitioner;
import io.spindle.util.Exceptions;
import java.util.Iterator;
import java.util.List;

/** Applies a transform to each partition of its parent: map, flatMap, filter, mapPartitions, … */
public final class MapPartitionsRdd<T, U> extends RddNode<U> {
  private static final long serialVersionUID = 1L;

  private final RddNode<T> parent;
  private final PartitionTransform<T, U> transform;
  private final boolean preservesPartitioning;

  public MapPartitionsRdd(RddNode<T> parent, PartitionTransform<T, U> transform, boolean preservesPartitioning) {
    super(parent.context());
    this.parent = parent;
    this.transform = transform;
    this.preservesPartitioning = preservesPartitioning;
  }

  @Override
  protected Partition[] computePartitions() {
    return parent.partitions();
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    return List.of(new OneToOneDependency<>(parent));
  }

  @Override
  public Partitioner partitioner() {
    return preservesPartitioning ? parent.partitioner() : null;
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    return parent.preferredLocations(partition);
  }

  @Override
  public Iterator<U> compute(Partition split, EngineTaskContext context) {
    try {
      return transform.apply(context, split.index(), parent.iterator(split, context));
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
  }
}
