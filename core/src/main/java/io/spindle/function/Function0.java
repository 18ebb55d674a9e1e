package io.spindle.function;

import java.io.Serializable;

/** A function without arguments. */
@FunctionalInterface
public interface Function0<R> extends Serializable {
  R call() throws Exception;
}
