package io.spindle.rdd;

import java.io.Serializable;
import java.util.Comparator;

/**
 * Serializable orderings for sorting operators: orderings travel inside tasks (the shuffle reader
 * sorts with them, the range partitioner places keys with them), so they must be Serializable.
 */
public final class KeyOrderings {
  private KeyOrderings() {}

  /** The keys' own {@code compareTo}; fails with a clear message for keys that are not Comparable or null. */
  @SuppressWarnings("unchecked")
  public static <T> Comparator<T> natural() {
    return (Comparator<T>) Natural.INSTANCE;
  }

  /** {@code ordering} backwards; Serializable when {@code ordering} is. */
  public static <T> Comparator<T> reverse(Comparator<T> ordering) {
    return new Reversed<>(ordering);
  }

  /**
   * Checks, on the driver, that a user's comparator can travel to tasks, so the mistake is
   * reported where it was made rather than when the job is serialized.
   */
  public static <T> Comparator<T> requireSerializable(Comparator<T> ordering, String operator) {
    if (ordering == null) {
      throw new IllegalArgumentException(operator + ": the comparator is null");
    }
    if (!(ordering instanceof Serializable)) {
      throw new IllegalArgumentException(operator + ": the comparator " + ordering.getClass().getName()
          + " is not Serializable, but it must travel to tasks. Write it as a Serializable lambda, e.g. "
          + "(Comparator<T> & Serializable) (a, b) -> ..., or implement both Comparator and Serializable.");
    }
    return ordering;
  }

  // The markers let the sorter see these orderings and sort String/number keys by binary prefixes.
  private static final class Natural implements Comparator<Object>, Serializable,
      io.spindle.shuffle.spill.NaturalOrdering {
    private static final long serialVersionUID = 1L;
    static final Natural INSTANCE = new Natural();

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int compare(Object a, Object b) {
      if (a instanceof Comparable c && b != null) {
        return c.compareTo(b);
      }
      if (a == null || b == null) {
        throw new IllegalArgumentException("Cannot order a null key by natural ordering; pass a Serializable "
            + "Comparator that places nulls (the overloads taking one)");
      }
      throw new IllegalArgumentException("Cannot order keys of class " + a.getClass().getName()
          + ": it does not implement Comparable. Pass a Serializable Comparator (the overloads taking one).");
    }

    private Object readResolve() {
      return INSTANCE;
    }
  }

  private record Reversed<T>(Comparator<T> ordering) implements Comparator<T>, Serializable,
      io.spindle.shuffle.spill.ReversedOrdering {
    @Override
    public int compare(T a, T b) {
      return ordering.compare(b, a);
    }
  }
}
