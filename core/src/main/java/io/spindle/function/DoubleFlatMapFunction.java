package io.spindle.function;

import java.io.Serializable;
import java.util.Iterator;

/** A function from an element to zero or more doubles, as in {@code flatMapToDouble}. */
@FunctionalInterface
public interface DoubleFlatMapFunction<T> extends Serializable {
  Iterator<Double> call(T t) throws Exception;
}
