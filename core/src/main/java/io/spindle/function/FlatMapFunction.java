package io.spindle.function;

import java.io.Serializable;
import java.util.Iterator;

/**
 * A function from one element to zero or more, as in {@code flatMap} and {@code mapPartitions}.
 * It returns an iterator so that results can be produced lazily, without building a collection.
 */
@FunctionalInterface
public interface FlatMapFunction<T, R> extends Serializable {
  Iterator<R> call(T t) throws Exception;
}
