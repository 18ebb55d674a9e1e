package io.spindle.function;

import java.io.Serializable;

/** A two-argument function, as in {@code reduce} and {@code reduceByKey}. Serializable so that lambdas and anonymous classes can travel to executors inside tasks. */
@FunctionalInterface
public interface Function2<T1, T2, R> extends Serializable {
  R call(T1 t1, T2 t2) throws Exception;
}
