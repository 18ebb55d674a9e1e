package io.spindle.util;

import io.spindle.function.FlatMapFunction;
import io.spindle.function.Function;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The lazy iterator adapters that narrow transformations chain inside one task. */
public final class Iterators {
  private Iterators() {}

  public static <T, R> Iterator<R> map(Iterator<T> in, Function<? super T, ? extends R> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public R next() {
        try {
          return f.call(in.next());
        } catch (Exception e) {
          throw Exceptions.sneakyThrow(e);
        }
      }
    };
  }

  public static <T> Iterator<T> filter(Iterator<T> in, Function<? super T, Boolean> keep) {
    return new Iterator<>() {
      private T next;
      private boolean ready;

      @Override
      public boolean hasNext() {
        try {
          while (!ready && in.hasNext()) {
            T candidate = in.next();
            if (keep.call(candidate)) {
              next = candidate;
              ready = true;
            }
          }
        } catch (Exception e) {
          throw Exceptions.sneakyThrow(e);
        }
        return ready;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        T result = next;
        next = null;
        return result;
      }
    };
  }

  public static <T, R> Iterator<R> flatMap(Iterator<T> in, FlatMapFunction<? super T, ? extends R> f) {
    return new Iterator<>() {
      private Iterator<? extends R> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        try {
          while (!current.hasNext()) {
            if (!in.hasNext()) {
              return false;
            }
            Iterator<? extends R> produced = f.call(in.next());
            current = produced == null ? java.util.Collections.emptyIterator() : produced;
          }
        } catch (Exception e) {
          throw Exceptions.sneakyThrow(e);
        }
        return true;
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
