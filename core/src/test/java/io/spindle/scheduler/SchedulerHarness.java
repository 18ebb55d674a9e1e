package io.spindle.scheduler;

import io.spindle.rdd.Partition;
import io.spindle.util.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TaskScheduler} with exclusion and speculation settings, driven by hand: a
 * {@link ManualClock}, a backend that records revives, kills and executor stops (it kills nothing:
 * the test reports what the killed attempt does), and a sink that records task ends and set failures.
 */
final class SchedulerHarness {
  final ManualClock clock = new ManualClock();
  final List<Long> killed = new ArrayList<>();
  final List<String> executorsStopped = new ArrayList<>();
  final List<TaskDescription> ended = new ArrayList<>();
  final List<TaskResult> results = new ArrayList<>();
  final List<String> setFailures = new ArrayList<>();
  int revives;
  /** What the backend says about executors still to come (false: local mode's fixed one). */
  boolean mayAddExecutors;
  final TaskScheduler scheduler;

  SchedulerHarness(int maxFailures, ExclusionSettings exclusion, SpeculationSettings speculation) {
    scheduler = new TaskScheduler(maxFailures, new LocalityWaits(0, 0, 0), clock, HostNormalizer.LOWER_CASE, false,
        exclusion, speculation);
    scheduler.initialize(new SchedulerBackend() {
      @Override
      public void start() {}

      @Override
      public void reviveOffers() {
        revives++;
      }

      @Override
      public int defaultParallelism() {
        return 1;
      }

      @Override
      public void stop() {}

      @Override
      public void killTask(long taskId, boolean interrupt, String reason) {
        killed.add(taskId);
      }

      @Override
      public boolean mayAddExecutors() {
        return mayAddExecutors;
      }

      @Override
      public void killExecutor(String executorId, String reason) {
        executorsStopped.add(executorId);
      }
    }, new TaskEventSink() {
      @Override
      public void taskEnded(TaskDescription task, String executorId, TaskResult result) {
        ended.add(task);
        results.add(result);
      }

      @Override
      public void taskSetFailed(int stageId, String reason, Throwable cause) {
        setFailures.add(reason);
      }
    });
  }

  /** Submits {@code tasks} tasks without preferred locations as stage {@code stageId}. */
  void submit(int stageId, int tasks) {
    List<Partition> partitions = new ArrayList<>();
    List<List<String>> prefs = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      int index = i;
      partitions.add(() -> index);
      prefs.add(List.of());
    }
    scheduler.submitTasks(new TaskSet(stageId, 0, partitions, prefs, new byte[0], stageId));
  }

  List<TaskDescription> offer(String executorId, String host, int slots) {
    return scheduler.resourceOffers(List.of(new WorkerOffer(executorId, host, slots)));
  }

  TaskDescription offerOne(String executorId, String host) {
    List<TaskDescription> tasks = offer(executorId, host, 1);
    return tasks.isEmpty() ? null : tasks.get(0);
  }

  void succeed(TaskDescription task, String executorId) {
    scheduler.statusUpdate(task, executorId, TaskResult.success("p" + task.partitionIndex()));
  }

  void fail(TaskDescription task, String executorId, Throwable why) {
    scheduler.statusUpdate(task, executorId, TaskResult.failed(why));
  }

  void fail(TaskDescription task, String executorId) {
    fail(task, executorId, new IllegalStateException("boom on " + executorId));
  }

  void advanceMillis(long millis) {
    clock.advance(millis, TimeUnit.MILLISECONDS);
  }
}
