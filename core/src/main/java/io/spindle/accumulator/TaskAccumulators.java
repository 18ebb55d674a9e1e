package io.spindle.accumulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accumulator copies of the task running in this thread. They register themselves as the
 * task's closure is deserialized; the task runner collects them when the task succeeds. A closure
 * that captures one accumulator several times yields several copies: they are merged by id.
 */
@org.apache.hadoop.classification.InterfaceAudience.Private
public final class TaskAccumulators {
  private static final ThreadLocal<List<AccumulatorV2<?, ?>>> CURRENT = new ThreadLocal<>();

  private TaskAccumulators() {}

  /** Starts collecting for the task about to be deserialized in this thread. */
  public static void begin() {
    CURRENT.set(new ArrayList<>());
  }

  static void register(AccumulatorV2<?, ?> copy) {
    List<AccumulatorV2<?, ?>> list = CURRENT.get();
    if (list != null) {
      list.add(copy);
    }
  }

  /** The task's updates, one per accumulator id, zero ones left out. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static List<AccumulatorV2<?, ?>> collect() {
    List<AccumulatorV2<?, ?>> list = CURRENT.get();
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    Map<Long, AccumulatorV2> byId = new LinkedHashMap<>();
    for (AccumulatorV2 copy : list) {
      if (copy.isZero()) {
        continue;
      }
      AccumulatorV2 first = byId.get(copy.id());
      if (first == null) {
        byId.put(copy.id(), copy);
      } else {
        first.merge(copy);
      }
    }
    return new ArrayList<>((java.util.Collection) byId.values());
  }

  /** Ends the task: forgets its copies. */
  public static void end() {
    CURRENT.remove();
  }
}
