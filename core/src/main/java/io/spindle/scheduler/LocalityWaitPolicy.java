package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import java.util.function.Predicate;

/**
 * Delay scheduling for one task set (Spark's getAllowedLocalityLevel): the set may launch tasks
 * up to its current level; it moves to the next worse level when it has no pending task for the
 * current one, or when the level's wait has passed since the last launch at that level (or since
 * the level was reached). Launching a task at a level resets the set to that level and restarts
 * the wait (the lastLaunchTime rule), so a set whose tasks keep launching locally stays local,
 * and a set that got a better slot goes back to waiting for better slots.
 *
 * <p>Executors arriving: a level's wait counts from when that level became possible, not from
 * when the set was submitted. A set submitted before any executor could serve its preferences
 * (YARN executors are requested only once the first task set is pending, so they register
 * seconds later) only has ANY at first; when an executor makes a better level valid, the set goes
 * to the best newly valid level and its wait starts then. Otherwise a set that waited for
 * executors would fall to ANY at the first registration, before the executor on its data's host
 * had a chance. Levels that were valid already keep the level and the wait reached so far.
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

  /**
   * Executors came or went at {@code now}: the valid levels change. Keeps the level reached so
   * far, unless a level better than it became valid just now: then the set waits at that level,
   * from now (see the class comment).
   */
  void setLevels(TaskLocality[] newLevels, long now) {
    TaskLocality previous = levels[current];
    TaskLocality bestNew = null;
    for (TaskLocality level : newLevels) {
      if (level != TaskLocality.NO_PREF && level.compareTo(previous) < 0 && !contains(levels, level)) {
        bestNew = level;
        break;
      }
    }
    levels = newLevels;
    if (bestNew != null) {
      current = indexOf(bestNew);
      lastResetTime = now;
    } else {
      current = indexOf(previous);
    }
  }

  /** Whether the set is held at a level better than ANY, so waiting may later allow more. */
  boolean mayRelax() {
    return current < levels.length - 1;
  }

  private static boolean contains(TaskLocality[] levels, TaskLocality level) {
    for (TaskLocality l : levels) {
      if (l == level) {
        return true;
      }
    }
    return false;
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
