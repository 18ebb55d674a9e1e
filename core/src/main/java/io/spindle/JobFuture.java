package io.spindle;

import io.spindle.function.JobCancelledException;
import io.spindle.scheduler.JobWaiter;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;

/**
 * The result of an async action ({@code countAsync}, {@code collectAsync}, {@code foreachAsync},
 * {@code foreachPartitionAsync}): a {@link Future} whose {@link #cancel(boolean)} cancels the job
 * (Spark's JavaFutureAction). {@code cancel(true)} also interrupts the job's running tasks.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public final class JobFuture<T> implements Future<T> {
  private final SpindleContext context;
  private final JobWaiter<?> waiter;
  private final Supplier<T> result;
  private volatile boolean cancelled;

  JobFuture(SpindleContext context, JobWaiter<?> waiter, Supplier<T> result) {
    this.context = context;
    this.waiter = waiter;
    this.result = result;
  }

  /** The id of the job this action runs (empty if it had no partition to compute). */
  public List<Integer> jobIds() {
    return waiter.jobId() < 0 ? List.of() : List.of(waiter.jobId());
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (waiter.isDone()) {
      return false;
    }
    cancelled = true;
    context.cancelJob(waiter.jobId(), mayInterruptIfRunning);
    return true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public boolean isDone() {
    return waiter.isDone();
  }

  /** Waits for the job; its failure is the ExecutionException's cause; a cancelled job throws CancellationException. */
  @Override
  public T get() throws InterruptedException, ExecutionException {
    if (!waiter.awaitDone(Long.MAX_VALUE, TimeUnit.DAYS)) {
      throw new IllegalStateException("unreachable");
    }
    return outcome();
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    if (!waiter.awaitDone(timeout, unit)) {
      throw new TimeoutException("Job " + jobIds() + " still running after " + timeout + " " + unit);
    }
    return outcome();
  }

  private T outcome() throws ExecutionException {
    try {
      waiter.await();
    } catch (JobCancelledException e) {
      CancellationException c = new CancellationException(e.getMessage());
      c.initCause(e);
      throw c;
    } catch (RuntimeException e) {
      throw new ExecutionException(e.getMessage(), e);
    }
    return result.get();
  }
}
