package io.spindle.scheduler;

import io.spindle.rdd.Partition;
import io.spindle.util.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A task scheduler driven by hand: a clock the test moves ({@link #now}, in milliseconds), a
 * backend that only counts revive requests, and a sink that records task ends. Offers are made by
 * the test.
 */
final class FakeCluster {
  long now;
  int revives;
  final List<TaskDescription> ended = new ArrayList<>();
  final List<String> setFailures = new ArrayList<>();
  final TaskScheduler scheduler;

  FakeCluster(LocalityWaits waits) {
    this(waits, HostNormalizer.LOWER_CASE);
  }

  FakeCluster(LocalityWaits waits, HostNormalizer names) {
    scheduler = new TaskScheduler(4, waits, new Clock() { // reads the field the tests set, in ms
      @Override
      public long nanoTime() {
        return now * 1_000_000;
      }

      @Override
      public long currentTimeMillis() {
        return now;
      }
    }, names, false);
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
    }, new TaskEventSink() {
      @Override
      public void taskEnded(TaskDescription task, String executorId, TaskResult result) {
        ended.add(task);
      }

      @Override
      public void taskSetFailed(int stageId, String reason, Throwable cause) {
        setFailures.add(reason);
      }
    });
  }

  /** Submits one task per entry of {@code preferences}, preferring those locations. */
  void submit(int stageId, List<List<String>> preferences) {
    List<Partition> partitions = new ArrayList<>();
    for (int i = 0; i < preferences.size(); i++) {
      int index = i;
      partitions.add(() -> index);
    }
    scheduler.submitTasks(new TaskSet(stageId, 0, partitions, preferences, new byte[0], stageId));
  }

  List<TaskDescription> offer(String executorId, String host, int slots) {
    return scheduler.resourceOffers(List.of(new WorkerOffer(executorId, host, slots)));
  }

  void succeed(TaskDescription task, String executorId) {
    scheduler.statusUpdate(task, executorId, TaskResult.success(null));
  }

  void fail(TaskDescription task, String executorId) {
    scheduler.statusUpdate(task, executorId, TaskResult.failed(new RuntimeException("boom")));
  }

  static List<List<String>> allPrefer(int tasks, String... locations) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      out.add(List.of(locations));
    }
    return out;
  }
}
