package io.spindle.rdd;

import io.spindle.env.ExecutorEnv;
import io.spindle.task.EngineTaskContext;
import io.spindle.shuffle.spill.Aggregator;
import io.spindle.function.Pair;
import io.spindle.function.Partitioner;
import java.util.Iterator;
import java.util.List;

/**
 * The reduce side of a shuffle: partition r holds every record whose key the partitioner sends to
 * r, combined per key when there is an aggregator. Its parent lineage is transient: a task of
 * this RDD reads map outputs and never recomputes the parent.
 */
public final class ShuffledRdd<K, V, C> extends RddNode<Pair<K, C>> {
  private static final long serialVersionUID = 1L;

  private final transient ShuffleDependency<K, V, C> dependency;
  private final int shuffleId;
  private final Partitioner partitioner;
  private final Aggregator<K, V, C> aggregator;
  private final boolean mapSideCombine;
  private final java.util.Comparator<K> keyOrdering;

  public ShuffledRdd(RddNode<Pair<K, V>> parent, Partitioner partitioner, Aggregator<K, V, C> aggregator,
      boolean mapSideCombine) {
    this(parent, partitioner, aggregator, mapSideCombine, null);
  }

  /**
   * @param keyOrdering if not null, each reduce partition is sorted by key (sortByKey); must be
   *     Serializable
   */
  public ShuffledRdd(RddNode<Pair<K, V>> parent, Partitioner partitioner, Aggregator<K, V, C> aggregator,
      boolean mapSideCombine, java.util.Comparator<K> keyOrdering) {
    super(parent.context());
    this.keyOrdering = keyOrdering;
    this.dependency = new ShuffleDependency<>(parent, partitioner, aggregator, mapSideCombine);
    this.shuffleId = dependency.shuffleId();
    this.partitioner = partitioner;
    this.aggregator = aggregator;
    this.mapSideCombine = mapSideCombine;
  }

  @Override
  protected Partition[] computePartitions() {
    Partition[] out = new Partition[partitioner.numPartitions()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new IndexPartition(i);
    }
    return out;
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    return List.of(dependency);
  }

  @Override
  public Partitioner partitioner() {
    return partitioner;
  }

  @Override
  public Iterator<Pair<K, C>> compute(Partition split, EngineTaskContext context) {
    return ExecutorEnv.of(context).shuffleReader().read(context, shuffleId, split.index(), aggregator, mapSideCombine,
        keyOrdering);
  }
}
