package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import io.spindle.shuffle.spill.Aggregator;
import io.spindle.function.Pair;
import io.spindle.shuffle.spill.ExternalCombiner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Groups the records of a cogroup's inputs by key, one list of values per input ("side"). Kept
 * apart from {@link CoGroupedRdd} so that the grouping can spill: it is an
 * {@link ExternalCombiner} whose combiner is an {@code Object[]} of per-side lists, so under
 * memory pressure groups go to disk sorted by key hash and are merged back side by side.
 */
public final class CoGroupMap<K> {
  private final int numSides;
  private final ExternalCombiner<K, Object, Object[]> groups;
  private int side; // the side being inserted; read by the aggregator's functions

  /** Groups in the running task's execution memory (spilling); outside a task, in memory only. */
  public CoGroupMap(int numSides) {
    this.numSides = numSides;
    Aggregator<K, Object, Object[]> aggregator = new Aggregator<>(this::createLists, this::addValue,
        CoGroupMap::mergeLists);
    EngineTaskContext context = EngineTaskContext.get();
    this.groups = context == null ? new ExternalCombiner<>(null, aggregator, null, null)
        : ExternalCombiner.forTask(context, aggregator);
  }

  public void insert(int side, K key, Object value) {
    this.side = side;
    groups.insertValue(key, value);
  }

  private Object[] createLists(Object value) {
    return addValue(new Object[numSides], value);
  }

  @SuppressWarnings("unchecked")
  private Object[] addValue(Object[] lists, Object value) {
    List<Object> list = (List<Object>) lists[side];
    if (list == null) {
      // Lists are made per side on demand: a key seen on one side only costs one list.
      list = new ArrayList<>(2);
      lists[side] = list;
    }
    list.add(value);
    return lists;
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
