package io.spindle.function;

import java.io.Serializable;

/** A function without result, as in {@code foreach}. Serializable so that lambdas and anonymous classes can travel to executors inside tasks. */
@FunctionalInterface
public interface VoidFunction<T> extends Serializable {
  void call(T t) throws Exception;
}
