package io.spindle.memory;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Estimates the heap bytes an object graph takes (64-bit JVM, compressed oops: 12-byte headers,
 * 4-byte references, 8-byte alignment). Meant for <em>samples</em>: spillable collections call it
 * on a few records at exponentially spaced points, never per record (like Spark's SizeEstimator
 * behind its SizeTracker). Field layouts are reflected once per class and cached.
 *
 * <p>JDK collections and maps are measured through their public API (their private fields are
 * closed to reflection on Java 17); large arrays and collections are measured on a sample of their
 * elements and extrapolated. Other JDK classes whose fields are closed count their shallow size.
 */
public final class SizeEstimator {
  private static final int HEADER = 12;
  private static final int ARRAY_HEADER = 16;
  private static final int REF = 4;
  private static final int SAMPLE_ELEMENTS = 64;
  private static final int MAX_DEPTH = 64;

  private static final Map<Class<?>, ClassInfo> CLASSES = new ConcurrentHashMap<>();

  private SizeEstimator() {}

  public static long estimate(Object o) {
    return new Walk().size(o, 0);
  }

  private static long align(long size) {
    return (size + 7) & ~7L;
  }

  /** Shallow size and reference fields of one class (reference fields empty if closed). */
  private record ClassInfo(long shallowSize, Field[] refFields) {}

  private static ClassInfo info(Class<?> c) {
    return CLASSES.computeIfAbsent(c, SizeEstimator::inspect);
  }

  private static ClassInfo inspect(Class<?> c) {
    long size = HEADER;
    List<Field> refs = new ArrayList<>();
    boolean open = true;
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        Class<?> t = f.getType();
        size += primitiveSize(t);
        if (!t.isPrimitive()) {
          if (open) {
            try {
              f.setAccessible(true);
              refs.add(f);
            } catch (RuntimeException closed) { // InaccessibleObjectException: a JDK-internal field
              open = false;
            }
          }
        }
      }
    }
    return new ClassInfo(align(size), open ? refs.toArray(new Field[0]) : new Field[0]);
  }

  private static int primitiveSize(Class<?> t) {
    if (!t.isPrimitive()) {
      return REF;
    }
    if (t == long.class || t == double.class) {
      return 8;
    }
    if (t == int.class || t == float.class) {
      return 4;
    }
    if (t == short.class || t == char.class) {
      return 2;
    }
    return 1;
  }

  /** One estimation: remembers visited objects so shared parts count once. */
  private static final class Walk {
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();

    long size(Object o, int depth) {
      if (o == null || depth > MAX_DEPTH || seen.put(o, Boolean.TRUE) != null) {
        return 0;
      }
      Class<?> c = o.getClass();
      if (c == String.class) {
        return 24 + align(ARRAY_HEADER + ((String) o).length()); // Latin-1 compact strings, the common case
      }
      if (c == Long.class || c == Integer.class || c == Double.class || c == Short.class
          || c == Byte.class || c == Character.class || c == Float.class || c == Boolean.class) {
        return 16;
      }
      if (c.isArray()) {
        return arraySize(o, c, depth);
      }
      if (o instanceof Collection<?> coll && c.getName().startsWith("java.")) {
        return collectionSize(coll, depth);
      }
      if (o instanceof Map<?, ?> map && c.getName().startsWith("java.")) {
        return mapSize(map, depth);
      }
      ClassInfo ci = info(c);
      long size = ci.shallowSize();
      for (Field f : ci.refFields()) {
        try {
          size += size(f.get(o), depth + 1);
        } catch (IllegalAccessException e) {
          // cannot happen: accessibility was set when the class was inspected
        }
      }
      return size;
    }

    private long arraySize(Object array, Class<?> c, int depth) {
      int n = Array.getLength(array);
      Class<?> component = c.getComponentType();
      long shallow = align(ARRAY_HEADER + (long) n * primitiveSize(component));
      if (component.isPrimitive() || n == 0) {
        return shallow;
      }
      Object[] elems = (Object[]) array;
      if (n <= SAMPLE_ELEMENTS) {
        long sum = shallow;
        for (Object e : elems) {
          sum += size(e, depth + 1);
        }
        return sum;
      }
      long sampled = 0;
      int step = n / SAMPLE_ELEMENTS;
      for (int i = 0; i < SAMPLE_ELEMENTS; i++) {
        sampled += size(elems[i * step], depth + 1);
      }
      return shallow + sampled * n / SAMPLE_ELEMENTS;
    }

    private long collectionSize(Collection<?> coll, int depth) {
      int n = coll.size();
      // ArrayList-like: object + backing array with some slack; linked ones cost more per element.
      long shallow = 24 + align(ARRAY_HEADER + (long) n * REF * 5 / 4);
      if (!(coll instanceof java.util.RandomAccess)) {
        shallow += 24L * n; // a node per element
      }
      return shallow + sampledElements(coll, n, depth);
    }

    private long mapSize(Map<?, ?> map, int depth) {
      int n = map.size();
      long shallow = 48 + align(ARRAY_HEADER + (long) n * REF * 2) + 32L * n; // table + entries
      return shallow + sampledElements(map.keySet(), n, depth) + sampledElements(map.values(), n, depth);
    }

    private long sampledElements(Collection<?> coll, int n, int depth) {
      long sum = 0;
      int seenCount = 0;
      for (Object e : coll) {
        sum += size(e, depth + 1);
        if (++seenCount == SAMPLE_ELEMENTS) {
          break;
        }
      }
      return seenCount == 0 ? 0 : sum * n / seenCount;
    }
  }
}
