package io.spindle.scheduler;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The queue in front of the DAG scheduler and the thread that empties it (Spark's
 * DAGSchedulerEventProcessLoop): events are handled one at a time, in the order they were posted.
 * A handler that throws does not end the loop; {@code onError} hears of it.
 *
 * <p>{@link #callerRuns} is the same loop without a thread, for unit tests: {@link #post} handles
 * the event (and whatever its handling posts) on the posting thread before it returns, so a test
 * sees the scheduler's reaction at once and needs no waits.
 */
final class DagSchedulerEventLoop {
  private final BlockingQueue<DagSchedulerEvent> queue = new LinkedBlockingQueue<>();
  private final Consumer<DagSchedulerEvent> handler;
  private final Consumer<Throwable> onError;
  /** Null for a caller-runs loop. */
  private final Thread thread;
  /** Caller-runs only: an outer {@link #post} on this thread is emptying the queue already. */
  private boolean draining;

  private DagSchedulerEventLoop(String threadName, Consumer<DagSchedulerEvent> handler, Consumer<Throwable> onError) {
    this.handler = handler;
    this.onError = onError;
    if (threadName == null) {
      this.thread = null;
    } else {
      this.thread = new Thread(this::run, threadName);
      this.thread.setDaemon(true);
    }
  }

  /** Events are handled on a daemon thread of that name, started by {@link #start()}. */
  static DagSchedulerEventLoop onThread(String threadName, Consumer<DagSchedulerEvent> handler,
      Consumer<Throwable> onError) {
    return new DagSchedulerEventLoop(threadName, handler, onError);
  }

  /** Events are handled by the thread that posts them, before {@link #post} returns (tests). */
  static DagSchedulerEventLoop callerRuns(Consumer<DagSchedulerEvent> handler, Consumer<Throwable> onError) {
    return new DagSchedulerEventLoop(null, handler, onError);
  }

  void start() {
    if (thread != null) {
      thread.start();
    }
  }

  /** Queues an event; never blocks (backend threads call this). */
  void post(DagSchedulerEvent event) {
    queue.add(event);
    if (thread == null) {
      drainOnCaller();
    }
  }

  /**
   * Posts {@link DagSchedulerEvent.SchedulerStopped} and waits up to {@code timeoutMillis} for the
   * thread to handle it and whatever was queued before or while it stopped.
   */
  void stop(long timeoutMillis) {
    post(new DagSchedulerEvent.SchedulerStopped());
    if (thread == null) {
      return;
    }
    try {
      thread.join(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean stopping = false;
    while (!stopping || !queue.isEmpty()) {
      DagSchedulerEvent event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      handle(event);
      stopping |= event instanceof DagSchedulerEvent.SchedulerStopped;
    }
  }

  // Synchronized only so that posts from a stray thread (none in tests) queue up behind the one draining.
  private synchronized void drainOnCaller() {
    if (draining) {
      return; // posted while handling an event: the loop below takes it next, in order
    }
    draining = true;
    try {
      DagSchedulerEvent event;
      while ((event = queue.poll()) != null) {
        handle(event);
      }
    } finally {
      draining = false;
    }
  }

  private void handle(DagSchedulerEvent event) {
    try {
      handler.accept(event);
    } catch (Throwable t) {
      onError.accept(t);
    }
  }
}
