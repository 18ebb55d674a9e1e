package io.spindle.function;

import java.io.Serializable;

/** A function from an element to a {@code double}, as in {@code mapToDouble}. */
@FunctionalInterface
public interface DoubleFunction<T> extends Serializable {
  double call(T t) throws Exception;
}
