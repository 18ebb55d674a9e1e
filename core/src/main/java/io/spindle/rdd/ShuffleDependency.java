package io.spindle.rdd;

import io.spindle.shuffle.spill.Aggregator;
import io.spindle.function.Pair;
import io.spindle.function.Partitioner;

/**
 * A wide edge: every child partition reads a piece of every parent partition, so the parent is
 * computed by a shuffle map stage that writes map outputs, and the child reads them. The DAG
 * scheduler cuts stages here.
 */
public final class ShuffleDependency<K, V, C> extends Dependency<Pair<K, V>> {
  private static final long serialVersionUID = 1L;

  private final RddNode<Pair<K, V>> rdd;
  private final Partitioner partitioner;
  private final Aggregator<K, V, C> aggregator;
  private final boolean mapSideCombine;
  private final int shuffleId;

  public ShuffleDependency(RddNode<Pair<K, V>> rdd, Partitioner partitioner, Aggregator<K, V, C> aggregator,
      boolean mapSideCombine) {
    if (mapSideCombine && aggregator == null) {
      throw new IllegalArgumentException("map-side combine needs an aggregator");
    }
    this.rdd = rdd;
    this.partitioner = partitioner;
    this.aggregator = aggregator;
    this.mapSideCombine = mapSideCombine;
    this.shuffleId = rdd.context().newShuffleId();
  }

  @Override
  public RddNode<Pair<K, V>> rdd() {
    return rdd;
  }

  public Partitioner partitioner() {
    return partitioner;
  }

  /** Null when values are passed through as they are (groupByKey keeps them in a list itself). */
  public Aggregator<K, V, C> aggregator() {
    return aggregator;
  }

  public boolean mapSideCombine() {
    return mapSideCombine;
  }

  public int shuffleId() {
    return shuffleId;
  }
}
