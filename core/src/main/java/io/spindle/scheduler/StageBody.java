package io.spindle.scheduler;

import io.spindle.rdd.RddNode;
import io.spindle.function.PartitionFunction;
import io.spindle.rdd.ShuffleDependency;
import java.io.Serializable;

/**
 * What every task of a stage needs besides its partition: the stage's final RDD (with its narrow
 * lineage) and either the shuffle dependency it writes or the function that computes the result.
 * Serialized once per stage; each task attempt deserializes its own copy.
 */
public sealed interface StageBody extends Serializable {
  RddNode<?> rdd();

  /** Body of a shuffle map stage: compute {@code rdd} and write it for {@code dependency}. */
  record MapBody(RddNode<?> rdd, ShuffleDependency<?, ?, ?> dependency) implements StageBody {}

  /** Body of a result stage: compute {@code rdd} and apply {@code function} to each partition. */
  record ResultBody(RddNode<?> rdd, PartitionFunction<?, ?> function) implements StageBody {}
}
