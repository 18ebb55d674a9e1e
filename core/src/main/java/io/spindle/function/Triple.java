package io.spindle.function;

import java.io.Serializable;

/**
 * Three values: the value type of a three-way {@code cogroup}. {@code _1()} … {@code _3()} are
 * there for readers coming from Spark's {@code Tuple3}.
 */
public record Triple<A, B, C>(A first, B second, C third) implements Serializable {

  public static <A, B, C> Triple<A, B, C> of(A first, B second, C third) {
    return new Triple<>(first, second, third);
  }

  public A _1() {
    return first;
  }

  public B _2() {
    return second;
  }

  public C _3() {
    return third;
  }

  @Override
  public String toString() {
    return "(" + first + "," + second + "," + third + ")";
  }
}
