package io.spindle.function;

import java.io.Serializable;

/**
 * A key-value record: the element type of a {@link PairRdd}. {@code _1()} and {@code _2()} are
 * there for readers coming from Spark's {@code Tuple2}.
 */
public record Pair<K, V>(K key, V value) implements Serializable {

  public static <K, V> Pair<K, V> of(K key, V value) {
    return new Pair<>(key, value);
  }

  public K _1() {
    return key;
  }

  public V _2() {
    return value;
  }

  @Override
  public String toString() {
    return "(" + key + "," + value + ")";
  }
}
