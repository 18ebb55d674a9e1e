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

  private void run(TaskDescription task) {
    TaskResult result = runner.run(task);
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
