package io.spindle.scheduler;

import io.spindle.function.JobFailedException;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

/** Where the caller of an action waits: results arrive per partition, then success or failure. */
public final class JobWaiter<U> {
  private final BiConsumer<Integer, U> resultHandler;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile RuntimeException failure;

  JobWaiter(BiConsumer<Integer, U> resultHandler) {
    this.resultHandler = resultHandler;
  }

  @SuppressWarnings("unchecked")
  void taskSucceeded(int outputIndex, Object result) {
    resultHandler.accept(outputIndex, (U) result);
  }

  void jobSucceeded() {
    done.countDown();
    runEndCallbacks();
  }

  void jobFailed(RuntimeException e) {
    failure = e;
    done.countDown();
    runEndCallbacks();
  }

  /** Called once when the job ends; guarded by the list itself. */
  private final java.util.List<java.util.function.Consumer<RuntimeException>> endCallbacks = new java.util.ArrayList<>();

  /**
   * Calls {@code callback} once when the job ends — with its failure, or null if it succeeded — on
   * the thread that ends it (the scheduler's: keep it short), or at once if it has ended already.
   */
  public void whenDone(java.util.function.Consumer<RuntimeException> callback) {
    synchronized (endCallbacks) {
      if (!isDone()) {
        endCallbacks.add(callback);
        return;
      }
    }
    callback.accept(failure);
  }

  private void runEndCallbacks() {
    java.util.List<java.util.function.Consumer<RuntimeException>> callbacks;
    synchronized (endCallbacks) {
      callbacks = java.util.List.copyOf(endCallbacks);
      endCallbacks.clear();
    }
    callbacks.forEach(c -> c.accept(failure));
  }

  /** The id the DAG scheduler gave the job (-1 for a job with no partitions: it never ran). */
  private volatile int jobId = -1;

  public int jobId() {
    return jobId;
  }

  void setJobId(int jobId) {
    this.jobId = jobId;
  }

  /** Blocks at most {@code timeout}; true if the job ended by then. */
  public boolean awaitDone(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
    return done.await(timeout, unit);
  }

  /** Whether the job ended (succeeded or failed), so {@link #await()} returns at once. */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /** Blocks until the job ends; throws its failure. */
  public void await() {
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailedException("Interrupted while waiting for the job", e);
    }
    if (failure != null) {
      throw failure;
    }
  }
}
