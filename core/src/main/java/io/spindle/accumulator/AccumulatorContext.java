package io.spindle.accumulator;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's registry of accumulators by id (Spark's {@code AccumulatorContext}): ids are unique
 * in the JVM, and originals are held weakly, so an accumulator the program dropped is forgotten
 * (its late updates are ignored).
 */
@org.apache.hadoop.classification.InterfaceAudience.Private
public final class AccumulatorContext {
  private static final AtomicLong NEXT_ID = new AtomicLong();
  private static final Map<Long, WeakReference<AccumulatorV2<?, ?>>> ORIGINALS = new ConcurrentHashMap<>();

  private AccumulatorContext() {}

  public static void register(AccumulatorV2<?, ?> acc, String name) {
    acc.assign(NEXT_ID.getAndIncrement(), name);
    ORIGINALS.put(acc.id(), new WeakReference<>(acc));
  }

  /** The registered original, or null if unknown or collected. */
  public static AccumulatorV2<?, ?> get(long id) {
    WeakReference<AccumulatorV2<?, ?>> ref = ORIGINALS.get(id);
    AccumulatorV2<?, ?> acc = ref == null ? null : ref.get();
    if (ref != null && acc == null) {
      ORIGINALS.remove(id, ref);
    }
    return acc;
  }

  /** Merges a successful task's updates into the originals (on the DAG scheduler's thread). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void merge(List<AccumulatorV2<?, ?>> updates) {
    for (AccumulatorV2 update : updates) {
      AccumulatorV2 original = get(update.id());
      if (original != null) {
        original.merge(update);
      }
    }
  }
}
