package io.spindle.rdd;

import io.spindle.function.Pair;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Turns the two value lists that a cogroup gives one key into that key's join results: the
 * cross product for an inner join, with {@link Optional#empty()} standing in for a missing side
 * in outer joins. Produced lazily, so a hot key does not materialize its whole product.
 *
 * <p>An outer join wraps a present value with {@link Optional#ofNullable}: a null value on the
 * optional side reads as empty.
 */
public final class JoinProducts {
  private JoinProducts() {}

  public static <V, W> Iterator<Pair<V, W>> inner(List<V> vs, List<W> ws) {
    return product(vs, ws, Pair::new);
  }

  public static <V, W> Iterator<Pair<V, Optional<W>>> leftOuter(List<V> vs, List<W> ws) {
    if (ws.isEmpty()) {
      return product(vs, JoinProducts.<W>none(), (v, none) -> new Pair<>(v, Optional.empty()));
    }
    return product(vs, ws, (v, w) -> new Pair<>(v, Optional.ofNullable(w)));
  }

  public static <V, W> Iterator<Pair<Optional<V>, W>> rightOuter(List<V> vs, List<W> ws) {
    if (vs.isEmpty()) {
      return product(JoinProducts.<V>none(), ws, (none, w) -> new Pair<>(Optional.empty(), w));
    }
    return product(vs, ws, (v, w) -> new Pair<>(Optional.ofNullable(v), w));
  }

  public static <V, W> Iterator<Pair<Optional<V>, Optional<W>>> fullOuter(List<V> vs, List<W> ws) {
    if (vs.isEmpty()) {
      return product(JoinProducts.<V>none(), ws, (none, w) -> new Pair<>(Optional.empty(), Optional.ofNullable(w)));
    }
    if (ws.isEmpty()) {
      return product(vs, JoinProducts.<W>none(), (v, none) -> new Pair<>(Optional.ofNullable(v), Optional.empty()));
    }
    return product(vs, ws, (v, w) -> new Pair<>(Optional.ofNullable(v), Optional.ofNullable(w)));
  }

  /** A one-element placeholder list for the missing side of an outer join. */
  private static final List<Object> NONE = Collections.singletonList(null);

  @SuppressWarnings("unchecked")
  private static <T> List<T> none() {
    return (List<T>) NONE;
  }

  /** {@code f(v, w)} for every v of {@code vs} and w of {@code ws}, v-major; both lists random-access. */
  private static <V, W, R> Iterator<R> product(List<? extends V> vs, List<? extends W> ws,
      BiFunction<V, W, R> f) {
    if (vs.isEmpty() || ws.isEmpty()) {
      return Collections.emptyIterator();
    }
    return new Iterator<>() {
      private int i;
      private int j;

      @Override
      public boolean hasNext() {
        return i < vs.size();
      }

      @Override
      public R next() {
        if (i >= vs.size()) {
          throw new NoSuchElementException();
        }
        R r = f.apply(vs.get(i), ws.get(j));
        if (++j == ws.size()) {
          j = 0;
          i++;
        }
        return r;
      }
    };
  }
}
