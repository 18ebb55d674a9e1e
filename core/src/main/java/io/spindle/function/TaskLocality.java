package io.spindle.function;

/**
 * How close a task ran to its input, best first, as in Spark. The order is the order in which
 * delay scheduling relaxes a task set: NO_PREF sits after NODE_LOCAL, but tasks without preference
 * never wait (see {@link TaskSetManager}).
 */
public enum TaskLocality {
  /** On the executor that holds the input (e.g. a cached block). */
  PROCESS_LOCAL,
  /** On a host that stores the input. */
  NODE_LOCAL,
  /** The task has no preferred location. */
  NO_PREF,
  /** On a host in the same rack as the input. */
  RACK_LOCAL,
  /** Anywhere else. */
  ANY;

  /** Whether a task at {@code condition} may run when the set allows up to {@code constraint}. */
  public static boolean isAllowed(TaskLocality constraint, TaskLocality condition) {
    return condition.ordinal() <= constraint.ordinal();
  }
}
