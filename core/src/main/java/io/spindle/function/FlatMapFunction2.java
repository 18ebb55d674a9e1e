package io.spindle.function;

import java.io.Serializable;
import java.util.Iterator;

/**
 * A function of two inputs to zero or more results, as in {@code zipPartitions} (Spark's
 * {@code FlatMapFunction2}): it gets one partition of each RDD and returns the output partition.
 */
@FunctionalInterface
public interface FlatMapFunction2<T1, T2, R> extends Serializable {
  Iterator<R> call(T1 t1, T2 t2) throws Exception;
}
