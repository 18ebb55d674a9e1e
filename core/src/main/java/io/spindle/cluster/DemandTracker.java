package io.spindle.cluster;

import io.spindle.scheduler.ExecutorDemand;
import io.spindle.scheduler.TaskScheduler;
import io.spindle.util.Clock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a launcher that starts executors on demand: hands it the pending tasks as they are now
 * (tasks launch and end between task-set events, which reach it directly) and warns while a job
 * gets no executor at all ({@link StarvationWatch}). The backend's timer calls {@link #check()}
 * once a second.
 */
final class DemandTracker {
  private static final Logger LOG = LoggerFactory.getLogger(DemandTracker.class);

  private final TaskScheduler scheduler;
  private final ExecutorLauncher launcher;
  private final Clock clock;
  private final IntSupplier registeredExecutors;
  private final LongSupplier tasksLaunched;
  private final StarvationWatch starvation = new StarvationWatch(StarvationWatch.DEFAULT_TIMEOUT_MS);

  DemandTracker(TaskScheduler scheduler, ExecutorLauncher launcher, Clock clock, IntSupplier registeredExecutors,
      LongSupplier tasksLaunched) {
    this.scheduler = scheduler;
    this.launcher = launcher;
    this.clock = clock;
    this.registeredExecutors = registeredExecutors;
    this.tasksLaunched = tasksLaunched;
  }

  void check() {
    ExecutorDemand demand = scheduler.demand();
    launcher.demandChanged(demand);
    String warning = starvation.check(clock.currentTimeMillis(), demand, tasksLaunched.getAsLong(),
        registeredExecutors.getAsInt());
    if (warning != null) {
      LOG.warn("{}. {}", warning, launcher.diagnostics());
    }
  }
}
