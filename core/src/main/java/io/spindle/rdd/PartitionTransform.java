package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.io.Serializable;
import java.util.Iterator;

/** What a {@link MapPartitionsRdd} does to one parent partition's iterator. */
@FunctionalInterface
public interface PartitionTransform<T, U> extends Serializable {
  Iterator<U> apply(EngineTaskContext context, int partitionIndex, Iterator<T> input) throws Exception;
}
