package io.spindle.storage;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Estimates the heap footprint of deserialized cached records, for storage memory accounting.
 * A partition is estimated from a sample of its records (walking each sampled object graph by
 * reflection, with per-class field layouts cached), scaled to the record count: the cost is
 * bounded per partition, not paid per record. Layout assumes a 64-bit JVM with compressed oops
 * (12-byte headers, 4-byte references, 8-byte alignment). Classes of the JDK's modules cannot be
 * opened by reflection; for them the common ones (strings, boxes, arrays, collections, maps) are
 * special-cased and the rest count their shallow size.
 */
public final class SizeEstimator {
  private static final int HEADER = 12;
  private static final int ARRAY_HEADER = 16;
  private static final int REF = 4;
  private static final int SAMPLES = 64;
  private static final int ARRAY_SAMPLES = 100;
  private static final Map<Class<?>, ClassLayout> LAYOUTS = new ConcurrentHashMap<>();

  private SizeEstimator() {}

  /** The estimated size of a list of records held in an array-backed list. */
  public static long estimateRecords(List<?> records) {
    int n = records.size();
    long overhead = align(HEADER + 8) + align(ARRAY_HEADER + (long) REF * n);
    if (n == 0) {
      return overhead;
    }
    int step = Math.max(1, n / SAMPLES);
    long sampled = 0;
    int count = 0;
    for (int i = 0; i < n; i += step) {
      sampled += estimate(records.get(i));
      count++;
    }
    return overhead + (long) ((double) sampled / count * n);
  }

  /** The estimated deep size of one object graph. */
  public static long estimate(Object root) {
    if (root == null) {
      return 0;
    }
    IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(root);
    long size = 0;
    while (!todo.isEmpty()) {
      Object o = todo.pop();
      if (seen.put(o, Boolean.TRUE) != null) {
        continue;
      }
      size += visit(o, todo);
    }
    return size;
  }

  private static long visit(Object o, Deque<Object> todo) {
    Class<?> c = o.getClass();
    if (c.isArray()) {
      return visitArray(o, c.getComponentType(), todo);
    }
    if (o instanceof String s) {
      return align(HEADER + 12) + align(ARRAY_HEADER + (long) s.length() * (isLatin1(s) ? 1 : 2));
    }
    if (o instanceof Collection<?> coll && !LAYOUTS.computeIfAbsent(c, ClassLayout::of).open) {
      return sampleElements(coll, coll.size(), align(HEADER + 16) + align(ARRAY_HEADER + (long) REF * coll.size()),
          32, todo);
    }
    if (o instanceof Map<?, ?> map && !LAYOUTS.computeIfAbsent(c, ClassLayout::of).open) {
      return sampleElements(map.entrySet(), map.size(), align(HEADER + 24) + align(ARRAY_HEADER + (long) REF * map.size()),
          32, todo);
    }
    ClassLayout layout = LAYOUTS.computeIfAbsent(c, ClassLayout::of);
    for (Field f : layout.references) {
      try {
        Object child = f.get(o);
        if (child != null) {
          todo.push(child);
        }
      } catch (IllegalAccessException e) {
        // Layout only keeps accessible fields; nothing to add.
      }
    }
    return layout.shallowSize;
  }

  /** Size of a collection's elements from a sample of at most {@code ARRAY_SAMPLES}, plus {@code perElement}. */
  private static long sampleElements(Iterable<?> elements, int n, long own, int perElement, Deque<Object> todo) {
    if (n == 0) {
      return own;
    }
    int step = Math.max(1, n / ARRAY_SAMPLES);
    long sampled = 0;
    int count = 0;
    int i = 0;
    for (Object e : elements) {
      if (i++ % step == 0) {
        Object item = e instanceof Map.Entry<?, ?> me ? new Object[] {me.getKey(), me.getValue()} : e;
        sampled += item == null ? 0 : estimate(item);
        count++;
      }
    }
    return own + (long) n * perElement + (long) ((double) sampled / count * n);
  }

  private static long visitArray(Object array, Class<?> component, Deque<Object> todo) {
    int n = Array.getLength(array);
    if (component.isPrimitive()) {
      return align(ARRAY_HEADER + (long) n * primitiveSize(component));
    }
    long own = align(ARRAY_HEADER + (long) REF * n);
    if (n <= ARRAY_SAMPLES) {
      for (int i = 0; i < n; i++) {
        Object e = Array.get(array, i);
        if (e != null) {
          todo.push(e);
        }
      }
      return own;
    }
    List<Object> sample = new ArrayList<>();
    int step = n / ARRAY_SAMPLES;
    for (int i = 0; i < n; i += step) {
      sample.add(Array.get(array, i));
    }
    return own - align(HEADER + 8) - align(ARRAY_HEADER + (long) REF * sample.size())
        + estimateRecords(sample) * n / sample.size();
  }

  private static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  private static int primitiveSize(Class<?> c) {
    if (c == long.class || c == double.class) {
      return 8;
    }
    if (c == int.class || c == float.class) {
      return 4;
    }
    if (c == short.class || c == char.class) {
      return 2;
    }
    return 1;
  }

  static long align(long size) {
    return (size + 7) & ~7L;
  }

  /** Shallow size of a class's instances and its reference fields that reflection may read. */
  private static final class ClassLayout {
    final long shallowSize;
    final Field[] references;
    /** False if some reference field could not be opened (a JDK-internal class). */
    final boolean open;

    private ClassLayout(long shallowSize, Field[] references, boolean open) {
      this.shallowSize = shallowSize;
      this.references = references;
      this.open = open;
    }

    static ClassLayout of(Class<?> c) {
      long fields = 0;
      List<Field> refs = new ArrayList<>();
      boolean open = true;
      for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          Class<?> type = f.getType();
          fields += type.isPrimitive() ? primitiveSize(type) : REF;
          if (!type.isPrimitive()) {
            if (f.trySetAccessible()) {
              refs.add(f);
            } else {
              open = false;
            }
          }
        }
      }
      return new ClassLayout(align(HEADER + fields), refs.toArray(new Field[0]), open);
    }
  }
}
