package io.spindle.shuffle.spill;

import io.spindle.function.Function;
import io.spindle.function.Function2;
import java.util.ArrayList;

/**
 * The aggregator of groupByKey: every value of a key collected into an {@link ArrayList}. Its
 * functions are enum singletons, so that they stay recognisable after travelling to an executor:
 * {@link HashSortGrouper} then builds each list once at its final size instead of growing it.
 */
public final class ValueLists {
  private ValueLists() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <K, V> Aggregator<K, V, ArrayList<V>> aggregator() {
    return new Aggregator<>((Function) Create.INSTANCE, (Function2) Add.INSTANCE, (Function2) Merge.INSTANCE);
  }

  /** True if {@code aggregator} is {@link #aggregator()} (its values only collected, never combined). */
  public static boolean isValueLists(Aggregator<?, ?, ?> aggregator) {
    return aggregator.createCombiner() == Create.INSTANCE && aggregator.mergeValue() == Add.INSTANCE
        && aggregator.mergeCombiners() == Merge.INSTANCE;
  }

  private enum Create implements Function<Object, ArrayList<Object>> {
    INSTANCE;

    @Override
    public ArrayList<Object> call(Object value) {
      ArrayList<Object> list = new ArrayList<>();
      list.add(value);
      return list;
    }
  }

  private enum Add implements Function2<ArrayList<Object>, Object, ArrayList<Object>> {
    INSTANCE;

    @Override
    public ArrayList<Object> call(ArrayList<Object> list, Object value) {
      list.add(value);
      return list;
    }
  }

  private enum Merge implements Function2<ArrayList<Object>, ArrayList<Object>, ArrayList<Object>> {
    INSTANCE;

    @Override
    public ArrayList<Object> call(ArrayList<Object> a, ArrayList<Object> b) {
      a.addAll(b);
      return a;
    }
  }
}
