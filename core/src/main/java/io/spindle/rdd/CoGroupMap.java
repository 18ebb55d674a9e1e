package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import io.spindle.function.Pair;
import io.spindle.shuffle.spill.HashSortGrouper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Groups the records of a cogroup's inputs by key, one list of values per input ("side"). Kept
 * apart from {@link CoGroupedRdd} so that the grouping can spill: it is a {@link HashSortGrouper}
 * (records buffered, then sorted by key hash; see there why not a hash map of lists) tagged with
 * each record's side, whose combiner is an {@code Object[]} of per-side lists, so under memory
 * pressure groups go to disk sorted by key hash and are merged back side by side.
 */
public final class CoGroupMap<K> {
  private final HashSortGrouper<K, Object, Object[]> groups;

  /** Groups in the running task's execution memory (spilling); outside a task, in memory only. */
  public CoGroupMap(int numSides) {
    HashSortGrouper.Grouping<Object, Object[]> grouping = new HashSortGrouper.Grouping<>() {
      @Override
      public Object[] create(int side, Object value, int[] recordsPerSide) {
        return add(new Object[numSides], side, value, recordsPerSide);
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object[] add(Object[] lists, int side, Object value, int[] recordsPerSide) {
        List<Object> list = (List<Object>) lists[side];
        if (list == null) {
          // Lists are made per side on demand (a key seen on one side only costs one list), at their final size.
          list = new ArrayList<>(recordsPerSide[side]);
          lists[side] = list;
        }
        list.add(value);
        return lists;
      }

      @Override
      public Object[] merge(Object[] a, Object[] b) {
        return mergeLists(a, b);
      }
    };
    this.groups = HashSortGrouper.forTask(EngineTaskContext.get(), grouping, numSides);
  }

  public void insert(int side, K key, Object value) {
    groups.insert(key, value, side);
  }

  @SuppressWarnings("unchecked")
  private static Object[] mergeLists(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        a[i] = b[i];
      } else if (b[i] != null) {
        ((List<Object>) a[i]).addAll((List<Object>) b[i]);
      }
    }
    return a;
  }

  /** Each key once, with its values per side (an empty list where a side had none). */
  @SuppressWarnings("unchecked")
  public Iterator<Pair<K, List<List<Object>>>> iterator() {
    Iterator<Pair<K, Object[]>> entries = groups.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Pair<K, List<List<Object>>> next() {
        Pair<K, Object[]> e = entries.next();
        Object[] lists = e.value();
        for (int i = 0; i < lists.length; i++) {
          if (lists[i] == null) {
            lists[i] = List.of();
          }
        }
        return new Pair<>(e.key(), (List<List<Object>>) (List<?>) Arrays.asList(lists));
      }
    };
  }
}
