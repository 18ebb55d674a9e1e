package io.spindle.executor;

import io.spindle.env.ExecutorEnv;
import io.spindle.scheduler.SchedulerBackend;
import io.spindle.scheduler.TaskDescription;
import io.spindle.scheduler.TaskResult;
import io.spindle.scheduler.TaskScheduler;
import io.spindle.scheduler.WorkerOffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on N threads of this JVM: one executor ("driver" on "localhost") with N slots.
 * Same scheduler, shuffle files and task code as on YARN; only the transport is missing.
 */
public final class LocalBackend implements SchedulerBackend {
  public static final String EXECUTOR_ID = "driver";
  public static final String HOST = "localhost";

  private final TaskScheduler scheduler;
  private final int slots;
  private final TaskRunner runner;
  private final ExecutorService pool;
  private int freeSlots;

  public LocalBackend(TaskScheduler scheduler, int slots, ExecutorEnv env, ClassLoader userClassLoader) {
    this.scheduler = scheduler;
    this.slots = slots;
    this.freeSlots = slots;
    this.runner = new TaskRunner(env, -1);
    AtomicInteger threadNumber = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(slots, r -> {
      Thread t = new Thread(r, "spindle-task-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      t.setContextClassLoader(userClassLoader);
      return t;
    });
  }

  @Override
  public void start() {}

  @Override
  public void reviveOffers() {
    List<TaskDescription> tasks;
    synchronized (this) {
      if (freeSlots == 0 || pool.isShutdown()) {
        return;
      }
      tasks = scheduler.resourceOffers(List.of(new WorkerOffer(EXECUTOR_ID, HOST, freeSlots)));
      freeSlots -= tasks.size();
    }
    for (TaskDescription task : tasks) {
      try {
        pool.execute(() -> run(task));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return; // stopped while offering: the context is closing and its jobs are failed
      }
    }
  }

  /** The threads running tasks, by task id, so a cancelled job's tasks can be interrupted. */
  private final java.util.Map<Long, Thread> runningThreads = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void killTask(long taskId, boolean interrupt, String reason) {
    if (interrupt) {
      // Atomic with run()'s removal: a thread is only interrupted while it still runs this task.
      runningThreads.computeIfPresent(taskId, (id, thread) -> {
        thread.interrupt();
        return thread;
      });
    }
  }

  private void run(TaskDescription task) {
    runningThreads.put(task.taskId(), Thread.currentThread());
    TaskResult result;
    try {
      result = runner.run(task);
    } finally {
      runningThreads.remove(task.taskId());
      Thread.interrupted(); // a kill's interrupt must not reach the next task on this thread
    }
    synchronized (this) {
      freeSlots++;
    }
    scheduler.statusUpdate(task, EXECUTOR_ID, result);
    reviveOffers();
  }

  @Override
  public int defaultParallelism() {
    return slots;
  }

  @Override
  public void stop() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
