package io.spindle.shuffle.spill;

import java.util.Collections;
import java.util.Comparator;

/**
 * An order-preserving 8-byte prefix of a key, for keys ordered by their natural ordering (Spark's
 * prefix comparators): if {@code prefix(a) < prefix(b)} (signed) then {@code a < b}; equal prefixes
 * say nothing unless {@link #wholeKey} (then they mean equal keys). One kind serves all keys of a
 * sorter, chosen from its first key; a key of another class (or null) cannot be prefixed, and the
 * sorter then sorts by the comparator alone.
 *
 * <p>String: the first 4 UTF-16 chars, 16 bits each, big-endian, padded with 0 (String.compareTo
 * compares chars as unsigned 16-bit values, and a shorter string that is a prefix of a longer one
 * is smaller; a padding 0 is never greater than a char, so the order holds, and a tie goes to the
 * comparator); the unsigned value is stored sign-flipped so that a signed comparison orders it.
 * Integer, Long: the value. Double: its canonical bits with the non-sign bits flipped for negative
 * numbers, which orders like Double.compareTo (-0.0 before 0.0, NaN last). Descending orderings
 * store the bitwise complement, which reverses a signed order.
 */
enum KeyPrefix {
  STRING(String.class, false) {
    @Override
    long ascending(Object key) {
      String s = (String) key;
      int n = Math.min(4, s.length());
      long p = 0;
      for (int i = 0; i < n; i++) {
        p |= (long) s.charAt(i) << (48 - 16 * i);
      }
      return p ^ Long.MIN_VALUE;
    }
  },
  INTEGER(Integer.class, true) {
    @Override
    long ascending(Object key) {
      return (Integer) key;
    }
  },
  LONG(Long.class, true) {
    @Override
    long ascending(Object key) {
      return (Long) key;
    }
  },
  DOUBLE(Double.class, true) {
    @Override
    long ascending(Object key) {
      long bits = Double.doubleToLongBits((Double) key);
      return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }
  };

  private final Class<?> type;
  /** True if equal prefixes mean equal keys: no comparator is needed at all. */
  final boolean wholeKey;

  KeyPrefix(Class<?> type, boolean wholeKey) {
    this.type = type;
    this.wholeKey = wholeKey;
  }

  /** The prefix in ascending order of the keys' natural ordering. */
  abstract long ascending(Object key);

  /** The prefix of {@code key} in the given direction ({@link #direction}: 1 or -1). */
  final long prefix(Object key, int direction) {
    long p = ascending(key);
    return direction < 0 ? ~p : p;
  }

  /** True if {@code key} is of this kind (never null). */
  final boolean accepts(Object key) {
    return key != null && key.getClass() == type;
  }

  /** The kind for {@code key}, or null if it has none (null, another class). */
  static KeyPrefix forKey(Object key) {
    if (key == null) {
      return null;
    }
    for (KeyPrefix kind : values()) {
      if (kind.type == key.getClass()) {
        return kind;
      }
    }
    return null;
  }

  /**
   * 1 if {@code ordering} is the keys' natural ordering, -1 if it is that ordering reversed, 0 if
   * it is anything else (a user's comparator: then prefixes cannot be used).
   */
  static int direction(Comparator<?> ordering) {
    int sign = 1;
    Comparator<?> c = ordering;
    for (int depth = 0; depth < 8 && c != null; depth++) {
      if (c instanceof NaturalOrdering || c == Comparator.naturalOrder()) {
        return sign;
      }
      if (c == Collections.reverseOrder()) {
        return -sign;
      }
      if (!(c instanceof ReversedOrdering reversed)) {
        return 0;
      }
      c = reversed.ordering();
      sign = -sign;
    }
    return 0;
  }
}
