package io.spindle.function;

import java.io.Serializable;

/** A function from an element to a key-value pair, as in {@code mapToPair}. */
@FunctionalInterface
public interface PairFunction<T, K, V> extends Serializable {
  Pair<K, V> call(T t) throws Exception;
}
