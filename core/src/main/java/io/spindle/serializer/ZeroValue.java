package io.spindle.serializer;

import io.spindle.function.SpindleException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * A zero value (of fold, aggregate, aggregateByKey, foldByKey) that hands out fresh copies, so a
 * user's mutable zero (a list, a map) is never shared between keys or partitions. Immutable
 * values are handed out as they are.
 */
public final class ZeroValue<U> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Double.class,
      Float.class, Short.class, Byte.class, Character.class, Boolean.class, BigInteger.class, BigDecimal.class);

  private final U immutable;
  private final byte[] serialized;

  private ZeroValue(U immutable, byte[] serialized) {
    this.immutable = immutable;
    this.serialized = serialized;
  }

  public static <U> ZeroValue<U> of(U zero) {
    if (zero == null || IMMUTABLE.contains(zero.getClass()) || zero instanceof Enum<?>) {
      return new ZeroValue<>(zero, null);
    }
    return new ZeroValue<>(null, ClosureSerializer.serialize(zero, "the zero value " + zero.getClass().getName()));
  }

  @SuppressWarnings("unchecked")
  public U fresh() {
    if (serialized == null) {
      return immutable;
    }
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return (U) ClosureSerializer.deserialize(serialized, loader != null ? loader : getClass().getClassLoader());
    } catch (Exception e) {
      throw new SpindleException("Cannot copy the zero value", e);
    }
  }
}
