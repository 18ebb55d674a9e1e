package io.spindle.function;

import java.io.Serializable;
import java.util.Iterator;

/** A function from an element to zero or more key-value pairs, as in {@code flatMapToPair}. */
@FunctionalInterface
public interface PairFlatMapFunction<T, K, V> extends Serializable {
  Iterator<Pair<K, V>> call(T t) throws Exception;
}
