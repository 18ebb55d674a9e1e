package io.spindle.function;

import java.io.Serializable;

/** A one-argument function, as in {@code map} and {@code filter}. Serializable so that lambdas and anonymous classes can travel to executors inside tasks. */
@FunctionalInterface
public interface Function<T, R> extends Serializable {
  R call(T t) throws Exception;
}
