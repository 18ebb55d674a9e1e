package io.spindle.rdd;

import io.spindle.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Groups the records of a cogroup's inputs by key, one list of values per input ("side"), in
 * memory. Kept apart from {@link CoGroupedRdd} so that a spilling version can replace it.
 */
public final class CoGroupMap<K> {
  private final int numSides;
  private final HashMap<K, List<Object>[]> groups = new HashMap<>();

  public CoGroupMap(int numSides) {
    this.numSides = numSides;
  }

  @SuppressWarnings("unchecked")
  public void insert(int side, K key, Object value) {
    List<Object>[] lists = groups.get(key);
    if (lists == null) {
      lists = new List[numSides];
      groups.put(key, lists);
    }
    List<Object> list = lists[side];
    if (list == null) {
      // Lists are made per side on demand: a key seen on one side only costs one list.
      list = new ArrayList<>(2);
      lists[side] = list;
    }
    list.add(value);
  }

  /** Each key once, with its values per side (an empty list where a side had none). */
  public Iterator<Pair<K, List<List<Object>>>> iterator() {
    Iterator<Map.Entry<K, List<Object>[]>> entries = groups.entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Pair<K, List<List<Object>>> next() {
        Map.Entry<K, List<Object>[]> e = entries.next();
        List<Object>[] lists = e.getValue();
        for (int i = 0; i < lists.length; i++) {
          if (lists[i] == null) {
            lists[i] = List.of();
          }
        }
        return new Pair<>(e.getKey(), Arrays.asList(lists));
      }
    };
  }
}
