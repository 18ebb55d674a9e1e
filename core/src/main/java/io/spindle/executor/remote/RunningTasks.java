package io.spindle.executor.remote;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task attempts an executor has accepted and not yet reported, with the thread running each
 * one, so that the driver's {@code KILL_TASK} can mark it killed and interrupt it. Every transition
 * of one attempt happens inside the map's per-key atomic operations: a kill either lands before the
 * attempt starts (it is then not run at all), while it runs (its thread is interrupted), or after it
 * ended (nothing happens); an interrupt never reaches the next task on the same thread.
 */
final class RunningTasks {

  /** One attempt: the thread running it (null while queued) and why it was killed (null if not). */
  private static final class Attempt {
    Thread thread;
    String killReason;
  }

  private final Map<Long, Attempt> attempts = new ConcurrentHashMap<>();

  /** The driver launched {@code taskId}; it waits for a task thread. */
  void accepted(long taskId) {
    attempts.put(taskId, new Attempt());
  }

  /**
   * The current thread starts {@code taskId}. Returns the kill reason if the attempt was killed while
   * queued (then it must not run), else null.
   */
  String started(long taskId) {
    Thread current = Thread.currentThread();
    Attempt a = attempts.computeIfPresent(taskId, (id, attempt) -> {
      attempt.thread = current;
      return attempt;
    });
    return a == null ? null : a.killReason;
  }

  /**
   * Marks {@code taskId} killed and, with {@code interrupt}, interrupts its thread if it is running.
   * Returns false if the executor does not hold the attempt (it already ended, or never came).
   */
  boolean kill(long taskId, boolean interrupt, String reason) {
    return attempts.computeIfPresent(taskId, (id, attempt) -> {
      if (attempt.killReason == null) {
        attempt.killReason = reason;
      }
      if (interrupt && attempt.thread != null) {
        attempt.thread.interrupt();
      }
      return attempt;
    }) != null;
  }

  /**
   * The attempt ended on the current thread. Returns its kill reason, or null if it was not killed;
   * clears an interrupt a kill left on the thread.
   */
  String ended(long taskId) {
    Attempt a = attempts.remove(taskId);
    Thread.interrupted(); // after the removal no kill can interrupt this thread for this attempt
    return a == null ? null : a.killReason;
  }

  int size() {
    return attempts.size();
  }
}
