package io.spindle.function;

import java.io.Serializable;
import java.util.Iterator;

/**
 * What an action computes from each partition of its RDD (e.g. a count, a list, a written file):
 * the function {@code SpindleContext.runJob} runs in each task.
 */
@FunctionalInterface
public interface PartitionFunction<T, U> extends Serializable {
  U apply(TaskContext context, Iterator<T> partition) throws Exception;
}
