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

  /**
   * The reduce side's way to build the same lists ({@link HashSortGrouper}): each allocated once,
   * with room for all of its group's values, then filled and merged like {@link #aggregator()}'s.
   */
  static HashSortGrouper.Grouping<Object, ArrayList<Object>> presizedGrouping() {
    return PRESIZED;
  }

  private static final HashSortGrouper.Grouping<Object, ArrayList<Object>> PRESIZED = new HashSortGrouper.Grouping<>() {
    @Override
    public ArrayList<Object> create(int tag, Object value, int[] recordsPerTag) {
      return Add.INSTANCE.call(new ArrayList<>(recordsPerTag[0]), value);
    }

    @Override
    public ArrayList<Object> add(ArrayList<Object> list, int tag, Object value, int[] recordsPerTag) {
      return Add.INSTANCE.call(list, value);
    }

    @Override
    public ArrayList<Object> merge(ArrayList<Object> a, ArrayList<Object> b) {
      return Merge.INSTANCE.call(a, b);
    }
  };

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
