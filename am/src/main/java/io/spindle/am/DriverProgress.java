package io.spindle.am;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's progress as the AM reports it to the ResourceManager: finished tasks over the
 * tasks of every stage submitted so far. It can step back when a job submits new stages; it is
 * real, not a constant, and reaches 1 when the last submitted stage is done.
 */
public final class DriverProgress {
  public static final DriverProgress INSTANCE = new DriverProgress();

  private final AtomicLong submittedTasks = new AtomicLong();
  private final AtomicLong finishedTasks = new AtomicLong();
  private final AtomicLong endedAttempts = new AtomicLong();

  void stageSubmitted(int numTasks) {
    submittedTasks.addAndGet(numTasks);
  }

  void taskEnded(boolean succeeded) {
    endedAttempts.incrementAndGet();
    if (succeeded) {
      finishedTasks.incrementAndGet();
    }
  }

  public float fraction() {
    long total = submittedTasks.get();
    return total == 0 ? 0f : Math.min(1f, (float) finishedTasks.get() / total);
  }

  public long finishedTasks() {
    return finishedTasks.get();
  }

  /** Task attempts that ended, successful or not. */
  public long endedAttempts() {
    return endedAttempts.get();
  }
}
