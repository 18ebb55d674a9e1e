package io.spindle.scheduler;

import java.util.function.Predicate;

/**
 * Delay scheduling for one task set (Spark's getAllowedLocalityLevel): the set may launch tasks
 * up to its current level; it moves to the next worse level when it has no pending task for the
 * current one, or when the level's wait has passed since the last launch at that level (or since
 * the level was reached). Launching a task at a level resets the set to that level and restarts
 * the wait (the lastLaunchTime rule), so a set whose tasks keep launching locally stays local,
 * and a set that got a better slot goes back to waiting for better slots.
 *
 * <p>Times are milliseconds from the scheduler's clock. Guarded by the task scheduler's lock.
 */
final class LocalityWaitPolicy {
  private final LocalityWaits waits;
  private TaskLocality[] levels;
  private int current;
  private long lastResetTime;

  LocalityWaitPolicy(LocalityWaits waits, TaskLocality[] levels, long now) {
    this.waits = waits;
    this.levels = levels;
    this.lastResetTime = now;
  }

  TaskLocality[] levels() {
    return levels;
  }

  /** The worst level the set may launch at now; {@code hasPendingAt} says which levels have tasks. */
  TaskLocality allowedLevel(long now, Predicate<TaskLocality> hasPendingAt) {
    while (current < levels.length - 1) {
      TaskLocality level = levels[current];
      long wait = waits.at(level);
      if (!hasPendingAt.test(level)) {
        current++; // nothing left to wait for here: relax at once, and start the next level's wait now
        lastResetTime = now;
      } else if (now - lastResetTime >= wait) {
        current++;
        lastResetTime += wait; // the next level's wait runs from when this one expired
      } else {
        return level;
      }
    }
    return levels[current];
  }

  /** A task launched at {@code level}: wait for that level (or better) again from now. */
  void launched(TaskLocality level, long now) {
    if (level == TaskLocality.NO_PREF) {
      return; // says nothing about how local the other tasks can be
    }
    current = indexOf(level);
    lastResetTime = now;
  }

  /** Executors came or went: the valid levels change; keep the level reached so far. */
  void setLevels(TaskLocality[] newLevels) {
    TaskLocality previous = levels[current];
    levels = newLevels;
    current = indexOf(previous);
  }

  /** Whether the set is held at a level better than ANY, so waiting may later allow more. */
  boolean mayRelax() {
    return current < levels.length - 1;
  }

  /** The index of the first level at least as relaxed as {@code level}. */
  private int indexOf(TaskLocality level) {
    int i = 0;
    while (i < levels.length - 1 && levels[i].compareTo(level) < 0) {
      i++;
    }
    return i;
  }
}
