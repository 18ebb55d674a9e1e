package io.spindle;

import io.spindle.function.JobCancelledException;
import io.spindle.function.PartitionFunction;
import io.spindle.scheduler.JobWaiter;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;

/**
 * The result of an async action ({@code countAsync}, {@code collectAsync}, {@code foreachAsync},
 * {@code foreachPartitionAsync}, {@code takeAsync}): a {@link Future} whose {@link #cancel(boolean)}
 * cancels the job (Spark's JavaFutureAction). {@code cancel(true)} also interrupts the job's running
 * tasks. An action of several jobs run one after another ({@code takeAsync}) cancels the running one
 * and submits no more.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public final class JobFuture<T> implements Future<T> {
  private final SpindleContext context;
  /** The job of a one-job action; null for a chain of jobs. */
  private final JobWaiter<?> waiter;
  private final Supplier<T> result;
  /** The outcome of a chain of jobs (takeAsync); null for a one-job action. */
  private final CompletableFuture<T> chain;
  private final List<Integer> chainJobIds = new CopyOnWriteArrayList<>();
  /** The chain's job submitted last; guarded by this. */
  private JobWaiter<?> current;
  private volatile boolean cancelled;

  JobFuture(SpindleContext context, JobWaiter<?> waiter, Supplier<T> result) {
    this.context = context;
    this.waiter = waiter;
    this.result = result;
    this.chain = null;
  }

  private JobFuture(SpindleContext context) {
    this.context = context;
    this.waiter = null;
    this.result = null;
    this.chain = new CompletableFuture<>();
  }

  /** Submits the jobs of a chain, one at a time, and waits for each. */
  interface Jobs {
    /** Runs one job (blocking); throws its failure, or {@link JobCancelledException} once the future is cancelled. */
    <X, U> void runJob(Rdd<X> rdd, PartitionFunction<X, U> function, int[] partitions,
        BiConsumer<Integer, U> resultHandler);
  }

  /** The body of a multi-job action: runs its jobs through {@link Jobs} and returns the result. */
  @FunctionalInterface
  interface Chain<T> {
    T run(Jobs jobs) throws Exception;
  }

  /**
   * An action of several jobs, each depending on the results of the ones before (Spark's
   * ComplexFutureAction): {@code body} runs on a thread of the async actions' pool and submits its
   * jobs with the caller's local properties (job group, description) and call site.
   */
  static <T> JobFuture<T> chain(SpindleContext context, Chain<T> body) {
    JobFuture<T> future = new JobFuture<>(context);
    java.util.Properties properties = context.jobPropertiesSnapshot();
    String callSite = io.spindle.util.CallSite.ofCaller();
    Jobs jobs = new Jobs() {
      @Override
      public <X, U> void runJob(Rdd<X> rdd, PartitionFunction<X, U> function, int[] partitions,
          BiConsumer<Integer, U> resultHandler) {
        JobWaiter<U> job;
        synchronized (future) {
          if (future.cancelled) {
            throw new JobCancelledException("Job not submitted: its async action was cancelled");
          }
          job = context.submitJob(rdd, function, partitions, resultHandler, callSite, properties);
          future.current = job;
          if (job.jobId() >= 0) {
            future.chainJobIds.add(job.jobId());
          }
        }
        job.await();
      }
    };
    ChainThreads.POOL.execute(() -> {
      try {
        future.chain.complete(body.run(jobs));
      } catch (Throwable t) {
        future.chain.completeExceptionally(t);
      }
    });
    return future;
  }

  /** Daemon threads that run multi-job async actions (created on demand, gone after a minute idle). */
  private static final class ChainThreads {
    private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "spindle-async-action-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The ids of the jobs this action ran so far (empty if it had no partition to compute). */
  public List<Integer> jobIds() {
    if (chain != null) {
      return List.copyOf(chainJobIds);
    }
    return waiter.jobId() < 0 ? List.of() : List.of(waiter.jobId());
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (chain != null) {
      synchronized (this) {
        if (chain.isDone()) {
          return false;
        }
        cancelled = true;
        if (current != null && !current.isDone() && current.jobId() >= 0) {
          context.cancelJob(current.jobId(), mayInterruptIfRunning);
        }
        return true;
      }
    }
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
    return chain != null ? chain.isDone() : waiter.isDone();
  }

  /** Waits for the job; its failure is the ExecutionException's cause; a cancelled job throws CancellationException. */
  @Override
  public T get() throws InterruptedException, ExecutionException {
    if (chain != null) {
      try {
        return chainOutcome(() -> chain.get());
      } catch (TimeoutException e) {
        throw new IllegalStateException("unreachable", e);
      }
    }
    if (!waiter.awaitDone(Long.MAX_VALUE, TimeUnit.DAYS)) {
      throw new IllegalStateException("unreachable");
    }
    return outcome();
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    if (chain != null) {
      try {
        return chainOutcome(() -> chain.get(timeout, unit));
      } catch (TimeoutException e) {
        throw new TimeoutException("Jobs " + jobIds() + " still running after " + timeout + " " + unit);
      }
    }
    if (!waiter.awaitDone(timeout, unit)) {
      throw new TimeoutException("Job " + jobIds() + " still running after " + timeout + " " + unit);
    }
    return outcome();
  }

  private T outcome() throws ExecutionException {
    try {
      waiter.await();
    } catch (JobCancelledException e) {
      throw cancellation(e);
    } catch (RuntimeException e) {
      throw new ExecutionException(e.getMessage(), e);
    }
    return result.get();
  }

  private interface Wait<T> {
    T get() throws InterruptedException, ExecutionException, TimeoutException;
  }

  /** A chain's result, with its failures as a one-job action reports them. */
  private T chainOutcome(Wait<T> wait) throws InterruptedException, ExecutionException, TimeoutException {
    T value;
    try {
      value = wait.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JobCancelledException cancelledJob) {
        throw cancellation(cancelledJob);
      }
      throw new ExecutionException(cause.getMessage(), cause);
    }
    if (cancelled) { // cancelled after its last job ended: a cancelled future has no value (Future's contract)
      throw new CancellationException("The async action was cancelled");
    }
    return value;
  }

  private static CancellationException cancellation(JobCancelledException e) {
    CancellationException c = new CancellationException(e.getMessage());
    c.initCause(e);
    return c;
  }
}
