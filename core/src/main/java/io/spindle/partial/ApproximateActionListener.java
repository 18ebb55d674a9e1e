package io.spindle.partial;

import io.spindle.function.JobFailedException;
import io.spindle.function.PartialResult;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an approximate action waits (Spark's {@code ApproximateActionListener}): task results are
 * merged into the evaluator as they arrive ({@link #taskSucceeded}, on the scheduler's thread);
 * {@link #awaitResult} returns the exact result if the job ends within the timeout, else the
 * estimate so far, whose final value (or failure) is set when the job ends ({@link #jobEnded}).
 */
public final class ApproximateActionListener<U, R> {
  private static final Logger LOG = LoggerFactory.getLogger(ApproximateActionListener.class);

  private final ApproximateEvaluator<U, R> evaluator;
  private final int totalTasks;
  // guarded by this
  private int finishedTasks;
  private boolean ended;
  private RuntimeException failure;
  private PartialResult<R> resultObject;

  public ApproximateActionListener(ApproximateEvaluator<U, R> evaluator, int totalTasks) {
    this.evaluator = evaluator;
    this.totalTasks = totalTasks;
  }

  /** A task's result: merged at once. */
  public synchronized void taskSucceeded(int outputIndex, U result) {
    evaluator.merge(outputIndex, result);
    finishedTasks++;
    if (finishedTasks == totalTasks) {
      notifyAll();
    }
  }

  /** The job ended: {@code error} is null if it succeeded. Ends the partial result handed out, if any. */
  public void jobEnded(RuntimeException error) {
    PartialResult<R> handedOut;
    R exact = null;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      failure = error;
      handedOut = resultObject;
      if (handedOut != null && error == null) {
        exact = evaluator.currentResult();
      }
      notifyAll();
    }
    if (handedOut == null) {
      return;
    }
    try {
      if (error != null) {
        handedOut.setFailure(error);
      } else {
        handedOut.setFinalValue(exact);
      }
    } catch (RuntimeException e) { // a user handler threw: not the scheduler's concern
      LOG.warn("A PartialResult completion handler failed", e);
    }
  }

  /**
   * Waits at most {@code timeoutMillis} for the job: its exact result if all tasks are in by then
   * (a final PartialResult), else the estimate so far (not final). Throws the job's failure if it
   * failed first.
   */
  public PartialResult<R> awaitResult(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    synchronized (this) {
      while (true) {
        if (failure != null) {
          throw failure;
        }
        if (finishedTasks == totalTasks) {
          return new PartialResult<>(evaluator.currentResult(), true);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          resultObject = new PartialResult<>(evaluator.currentResult(), false);
          return resultObject;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new JobFailedException("Interrupted while waiting for the approximate result", e);
        }
      }
    }
  }
}
