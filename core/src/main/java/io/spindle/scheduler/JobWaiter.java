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
  }

  void jobFailed(RuntimeException e) {
    failure = e;
    done.countDown();
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
