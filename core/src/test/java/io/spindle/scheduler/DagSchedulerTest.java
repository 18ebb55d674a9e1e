package io.spindle.scheduler;

import io.spindle.function.PartitionFunction;
import io.spindle.function.TaskLocality;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.HashPartitioner;
import io.spindle.function.JobFailedException;
import io.spindle.function.Pair;
import io.spindle.rdd.RddNode;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import io.spindle.task.EngineTaskContext;
import io.spindle.output.OutputCommitCoordinator;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.IndexPartition;
import io.spindle.rdd.OneToOneDependency;
import io.spindle.rdd.Partition;
import io.spindle.rdd.ShuffleDependency;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.shuffle.MapStatus;
import io.spindle.shuffle.MissingMapOutputException;
import io.spindle.util.ManualClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DAG scheduler on its own (Spark's DAGSchedulerSuite): lineages built by hand, a task
 * submitter that only records task sets, events handled on the test's thread, and task ends
 * reported by hand. No task runs; results and map outputs are whatever the test says.
 */
class DagSchedulerTest {
  /** Only hands out RDD and shuffle ids (an RDD needs a context); nothing runs on it. */
  private static SpindleContext ids;

  private static final PartitionFunction<Pair<Integer, Integer>, String> DESCRIBE = (context, records) -> {
    throw new UnsupportedOperationException("no task runs in this test");
  };

  private final RecordingSubmitter submitted = new RecordingSubmitter();
  private final MapOutputTracker mapOutputs = new MapOutputTracker();
  private final List<Runnable> pendingResubmits = new ArrayList<>();
  private final EventLog events = new EventLog();
  private long nextTaskId;

  @BeforeAll
  static void idSource() {
    ids = new SpindleContext(new SpindleConf(false).setMaster("local[1]").set("spindle.ui.enabled", "false"));
  }

  @AfterAll
  static void closeIdSource() {
    ids.close();
  }

  private DagScheduler newDag(TaskSubmitter tasks, int maxConsecutiveAttempts) {
    DagScheduler dag = new DagScheduler(tasks, mapOutputs, new OutputCommitCoordinator(), maxConsecutiveAttempts,
        true, (action, delayMillis) -> pendingResubmits.add(action));
    dag.addListener(events);
    dag.start();
    return dag;
  }

  private DagScheduler newDag() {
    return newDag(submitted, 4);
  }

  // ---------------------------------------------------------------- cache locality

  /**
   * Partitions an executor reported cached (BLOCK_UPDATE) are preferred on that executor, through a
   * narrow dependency, ahead of the input's hosts; a partition cached nowhere keeps the input's host;
   * a block reported dropped, or an executor removed, no longer counts (Spark's getCacheLocs).
   */
  @Test
  void tasksPreferTheExecutorsThatCachedTheirPartitions() throws Exception {
    DagScheduler dag = newDag();
    LineageRdd source = LineageRdd.source(3);
    LineageRdd cached = LineageRdd.narrow(source);
    cached.persist(io.spindle.function.StorageLevel.MEMORY_ONLY);
    LineageRdd last = LineageRdd.narrow(cached);
    String block0 = io.spindle.storage.BlockIds.rdd(cached.id(), 0);
    String block1 = io.spindle.storage.BlockIds.rdd(cached.id(), 1);
    dag.executorAdded("7", "nodeA", 1);
    dag.executorAdded("8", "nodeB", 1);
    dag.blockUpdated(new BlockUpdateInfo("7", block0, io.spindle.function.StorageLevel.MEMORY_ONLY, 100, 0));
    dag.blockUpdated(new BlockUpdateInfo("8", block1, io.spindle.function.StorageLevel.MEMORY_ONLY, 100, 0));

    dag.submitJob(last, DESCRIBE, new int[] {0, 1, 2}, (i, r) -> { }, "test");
    assertEquals(List.of(List.of("executor_nodeA_7"), List.of("executor_nodeB_8"), List.of("host2")),
        submitted.sets.get(0).preferredHosts());

    dag.blockUpdated(new BlockUpdateInfo("7", block0, io.spindle.function.StorageLevel.NONE, 0, 0));
    dag.executorRemoved("8", "lost");
    dag.submitJob(last, DESCRIBE, new int[] {0, 1}, (i, r) -> { }, "test");
    assertEquals(List.of(List.of("host0"), List.of("host1")), submitted.sets.get(1).preferredHosts(),
        "nothing cached any more: the input's hosts");
  }

  // ---------------------------------------------------------------- stages and their order

  @Test
  void stagesAreCutAtShufflesAndRunParentsFirst() {
    DagScheduler dag = newDag();
    // source(4) -> narrow -> shuffle(3) -> narrow -> shuffle(2) -> narrow: three stages.
    LineageRdd source = LineageRdd.source(4);
    LineageRdd firstReduce = LineageRdd.shuffle(LineageRdd.narrow(source), 3);
    LineageRdd secondReduce = LineageRdd.shuffle(LineageRdd.narrow(firstReduce), 2);
    LineageRdd last = LineageRdd.narrow(secondReduce);
    Map<Integer, String> results = new HashMap<>();

    JobWaiter<String> job = dag.submitJob(last, DESCRIBE, new int[] {0, 1}, results::put, "test");

    assertEquals(1, submitted.sets.size(), "only the first map stage can run");
    TaskSet first = submitted.sets.get(0);
    assertEquals(List.of(0, 1, 2, 3), indexes(first));
    assertEquals(List.of(List.of("host0"), List.of("host1"), List.of("host2"), List.of("host3")),
        first.preferredHosts(), "the source's preferred locations, through the narrow dependency");
    completeMapStage(dag, first, 2);

    assertEquals(2, submitted.sets.size());
    TaskSet second = submitted.sets.get(1);
    assertEquals(List.of(0, 1, 2), indexes(second), "one task per partition of the first shuffle");
    completeMapStage(dag, second, 2);

    assertEquals(3, submitted.sets.size());
    TaskSet result = submitted.sets.get(2);
    assertEquals(List.of(0, 1), indexes(result));
    succeed(dag, result, 0, "zero");
    assertFalse(job.isDone());
    succeed(dag, result, 1, "one");

    assertTrue(job.isDone());
    job.await();
    assertEquals(Map.of(0, "zero", 1, "one"), results);
    List<Integer> stageIds = List.of(first.stageId(), second.stageId(), result.stageId());
    assertEquals(3, stageIds.stream().distinct().count());
    assertEquals(List.of("jobStart " + stageIds, "stageSubmitted " + first.stageId(),
        "stageCompleted " + first.stageId(), "stageSubmitted " + second.stageId(),
        "stageCompleted " + second.stageId(), "stageSubmitted " + result.stageId(),
        "stageCompleted " + result.stageId(), "jobEnd true"), events.withoutTasks());
  }

  @Test
  void theResultStageWaitsForEveryMapOutputAndResultsGoToTheirOutputIndex() {
    DagScheduler dag = newDag();
    LineageRdd reduced = LineageRdd.shuffle(LineageRdd.source(2), 3);
    int shuffleId = reduced.shuffleId();
    Map<Integer, String> results = new HashMap<>();

    JobWaiter<String> job = dag.submitJob(reduced, DESCRIBE, new int[] {2, 0}, results::put, "test");
    TaskSet map = submitted.sets.get(0);
    MapStatus map0 = status(0, "hostA", 3);
    succeed(dag, map, 0, map0);

    assertEquals(1, submitted.sets.size(), "one map output is still missing");
    assertThrows(MissingMapOutputException.class, () -> mapOutputs.statuses(shuffleId));

    MapStatus map1 = status(1, "hostB", 3);
    succeed(dag, map, 1, map1);
    assertArrayEquals(new MapStatus[] {map0, map1}, mapOutputs.statuses(shuffleId));
    assertEquals(2, submitted.sets.size());
    TaskSet result = submitted.sets.get(1);
    assertEquals(List.of(2, 0), indexes(result), "only the partitions the action asked for");

    succeed(dag, result, 0, "partition 0");
    succeed(dag, result, 2, "partition 2");
    job.await();
    assertEquals(Map.of(0, "partition 2", 1, "partition 0"), results);
  }

  @Test
  void aSecondJobReusingAFinishedShuffleSubmitsNoMapStage() {
    DagScheduler dag = newDag();
    LineageRdd reduced = LineageRdd.shuffle(LineageRdd.source(3), 2);
    JobWaiter<String> firstJob = dag.submitJob(reduced, DESCRIBE, new int[] {0, 1}, (i, v) -> { }, "first");
    TaskSet map = submitted.sets.get(0);
    completeMapStage(dag, map, 2);
    TaskSet firstResult = submitted.sets.get(1);
    succeed(dag, firstResult, 0, "a");
    succeed(dag, firstResult, 1, "b");
    firstJob.await();

    Map<Integer, String> results = new HashMap<>();
    JobWaiter<String> secondJob = dag.submitJob(LineageRdd.narrow(reduced), DESCRIBE, new int[] {0, 1}, results::put,
        "second");

    assertEquals(3, submitted.sets.size(), "one task set more: the new result stage");
    TaskSet secondResult = submitted.sets.get(2);
    assertNotEquals(map.stageId(), secondResult.stageId());
    assertNotEquals(firstResult.stageId(), secondResult.stageId());
    assertEquals(List.of(0, 1), indexes(secondResult));
    succeed(dag, secondResult, 0, "c");
    succeed(dag, secondResult, 1, "d");
    secondJob.await();
    assertEquals(Map.of(0, "c", 1, "d"), results);
  }

  // ---------------------------------------------------------------- task failures

  @Test
  void aFailedTaskSetFailsTheJobWithItsReasonAndCause() {
    DagScheduler dag = newDag();
    LineageRdd reduced = LineageRdd.shuffle(LineageRdd.source(2), 2);
    JobWaiter<String> job = dag.submitJob(reduced, DESCRIBE, new int[] {0, 1}, (i, v) -> { }, "test");
    TaskSet map = submitted.sets.get(0);
    IllegalStateException cause = new IllegalStateException("bad record");
    dag.taskEnded(task(map, 1), "exec-hostA", TaskResult.failed(cause));
    assertFalse(job.isDone(), "a single failed attempt is the task scheduler's to retry");

    dag.taskSetFailed(map.stageId(), "Task 1 in stage " + map.name() + " failed 4 times", cause);

    assertTrue(job.isDone());
    JobFailedException failure = assertThrows(JobFailedException.class, job::await);
    assertSame(cause, failure.getCause());
    assertTrue(failure.getMessage().contains("failed 4 times"), failure.getMessage());
    assertEquals(1, submitted.sets.size(), "no result stage after the map stage failed");
    assertEquals("jobEnd false", events.last());
  }

  @Test
  void aTaskFailingMaxFailuresTimesThroughTheTaskSchedulerFailsTheJobWithTheLastFailure() {
    TaskScheduler tasks = new TaskScheduler(3, LocalityWaits.NONE, new ManualClock(), HostNormalizer.LOWER_CASE, false);
    DagScheduler dag = newDag(tasks, 4);
    tasks.initialize(new IdleBackend(), dag);
    JobWaiter<String> job = dag.submitJob(LineageRdd.source(1), DESCRIBE, new int[] {0}, (i, v) -> { }, "test");

    List<RuntimeException> failures = List.of(new RuntimeException("first"), new RuntimeException("second"),
        new RuntimeException("third"));
    for (int attempt = 0; attempt < 3; attempt++) {
      assertFalse(job.isDone(), "attempt " + attempt);
      List<TaskDescription> launched = tasks.resourceOffers(List.of(new WorkerOffer("exec1", "hosta", 1)));
      assertEquals(1, launched.size());
      assertEquals(attempt, launched.get(0).attemptNumber());
      tasks.statusUpdate(launched.get(0), "exec1", TaskResult.failed(failures.get(attempt)));
    }

    assertTrue(job.isDone());
    JobFailedException failure = assertThrows(JobFailedException.class, job::await);
    assertSame(failures.get(2), failure.getCause());
    assertTrue(failure.getMessage().contains("failed 3 times"), failure.getMessage());
    assertEquals(List.of(), tasks.resourceOffers(List.of(new WorkerOffer("exec1", "hosta", 1))));
  }

  // ---------------------------------------------------------------- fetch failures

  @Test
  void aFetchFailureUnregistersTheLostOutputAndReRunsOnlyTheMissingMapTask() {
    DagScheduler dag = newDag();
    LineageRdd reduced = LineageRdd.shuffle(LineageRdd.source(3), 2);
    int shuffleId = reduced.shuffleId();
    Map<Integer, String> results = new HashMap<>();
    JobWaiter<String> job = dag.submitJob(reduced, DESCRIBE, new int[] {0, 1}, results::put, "test");
    TaskSet map = submitted.sets.get(0);
    MapStatus[] outputs = completeMapStage(dag, map, 2);
    TaskSet result = submitted.sets.get(1);
    succeed(dag, result, 1, "reduce 1");

    dag.taskEnded(task(result, 0), "exec-hostX",
        TaskResult.failed(FetchFailedException.mapOutput(outputs[1], shuffleId, 0, new IOException("disk gone"))));

    MissingMapOutputException missing = assertThrows(MissingMapOutputException.class,
        () -> mapOutputs.statuses(shuffleId));
    assertTrue(missing.getMessage().contains("Map output 1 "), missing.getMessage());
    assertEquals(2, submitted.sets.size(), "nothing is resubmitted before the resubmit delay");
    assertEquals(1, pendingResubmits.size());

    fireResubmits();
    assertEquals(3, submitted.sets.size());
    TaskSet mapRetry = submitted.sets.get(2);
    assertEquals(map.stageId(), mapRetry.stageId());
    assertEquals(1, mapRetry.stageAttempt());
    assertEquals(List.of(1), indexes(mapRetry), "only the lost map output is recomputed");

    MapStatus recomputed = status(1, "hostC", 2);
    succeed(dag, mapRetry, 1, recomputed);
    assertArrayEquals(new MapStatus[] {outputs[0], recomputed, outputs[2]}, mapOutputs.statuses(shuffleId));
    assertEquals(4, submitted.sets.size());
    TaskSet resultRetry = submitted.sets.get(3);
    assertEquals(result.stageId(), resultRetry.stageId());
    assertEquals(1, resultRetry.stageAttempt());
    assertEquals(List.of(0), indexes(resultRetry), "reduce 1 finished before the failure and counts");

    succeed(dag, resultRetry, 0, "reduce 0");
    job.await();
    assertEquals(Map.of(0, "reduce 0", 1, "reduce 1"), results);
  }

  @Test
  void aMapOutputWrittenToAServiceDeclaredLostAfterItsTaskStartedIsNotRegisteredButRecomputed() {
    DagScheduler dag = newDag();
    LineageRdd first = LineageRdd.shuffle(LineageRdd.source(2), 1);
    dag.submitJob(first, DESCRIBE, new int[] {0}, (i, v) -> { }, "test");
    MapStatus[] firstOutputs = completeMapStage(dag, submitted.sets.get(0), 1); // map 1 on host1:7337
    TaskSet firstResult = submitted.sets.get(1);

    LineageRdd second = LineageRdd.shuffle(LineageRdd.source(3), 1);
    int secondShuffle = second.shuffleId();
    dag.submitJob(second, DESCRIBE, new int[] {0}, (i, v) -> { }, "test");
    TaskSet secondMap = submitted.sets.get(2);
    TaskDescription early = task(secondMap, 2);
    dag.taskStarted(early, "exec-host1", "host1"); // running on host1 when its service is declared lost

    dag.taskEnded(task(firstResult, 0), "exec-hostX", TaskResult.failed(new FetchFailedException("exec-host1",
        "host1", 7337, first.shuffleId(), new int[] {1}, 0, true, "shuffle service unreachable", null)));
    assertTrue(firstOutputs[1] != null);

    succeed(dag, secondMap, 0, status(0, "host0", 1));
    succeed(dag, secondMap, 1, status(1, "host2", 1));
    dag.taskEnded(early, "exec-host1", TaskResult.success(status(2, "host1", 1)));
    assertThrows(MissingMapOutputException.class, () -> mapOutputs.statuses(secondShuffle),
        "the output on the lost service is not registered");
    TaskSet rerun = submitted.sets.get(submitted.sets.size() - 1);
    assertEquals(secondMap.stageId(), rerun.stageId());
    assertEquals(List.of(2), indexes(rerun), "only the stale partition runs again");

    TaskDescription late = task(rerun, 2);
    dag.taskStarted(late, "exec-host1b", "host1"); // started after the loss: a service back on that port is fine
    MapStatus again = status(2, "host1", 1);
    dag.taskEnded(late, "exec-host1b", TaskResult.success(again));
    assertEquals(again, mapOutputs.statuses(secondShuffle)[2]);
  }

  @Test
  void fetchFailuresOfOneAttemptAreResubmittedTogether() {
    DagScheduler dag = newDag();
    LineageRdd reduced = LineageRdd.shuffle(LineageRdd.source(3), 2);
    int shuffleId = reduced.shuffleId();
    dag.submitJob(reduced, DESCRIBE, new int[] {0, 1}, (i, v) -> { }, "test");
    MapStatus[] outputs = completeMapStage(dag, submitted.sets.get(0), 2);
    TaskSet result = submitted.sets.get(1);

    dag.taskEnded(task(result, 0), "exec-hostX",
        TaskResult.failed(FetchFailedException.mapOutput(outputs[0], shuffleId, 0, new IOException("gone"))));
    dag.taskEnded(task(result, 1), "exec-hostX",
        TaskResult.failed(FetchFailedException.mapOutput(outputs[2], shuffleId, 1, new IOException("gone"))));
    assertEquals(1, pendingResubmits.size(), "the second failure joins the pending resubmission");

    fireResubmits();
    assertEquals(3, submitted.sets.size());
    assertEquals(List.of(0, 2), indexes(submitted.sets.get(2)));
  }

  @Test
  void fetchFailuresInConsecutiveAttemptsUpToTheLimitAbortTheJob() {
    DagScheduler dag = newDag(submitted, 2);
    LineageRdd reduced = LineageRdd.shuffle(LineageRdd.source(2), 1);
    int shuffleId = reduced.shuffleId();
    JobWaiter<String> job = dag.submitJob(reduced, DESCRIBE, new int[] {0}, (i, v) -> { }, "test");
    MapStatus[] outputs = completeMapStage(dag, submitted.sets.get(0), 1);

    dag.taskEnded(task(submitted.sets.get(1), 0), "exec-hostX",
        TaskResult.failed(FetchFailedException.mapOutput(outputs[0], shuffleId, 0, new IOException("first"))));
    fireResubmits();
    MapStatus recomputed = status(0, "hostC", 1);
    succeed(dag, submitted.sets.get(2), 0, recomputed);
    TaskSet secondAttempt = submitted.sets.get(3);
    assertEquals(1, secondAttempt.stageAttempt());
    assertFalse(job.isDone());

    FetchFailedException last = FetchFailedException.mapOutput(recomputed, shuffleId, 0, new IOException("second"));
    dag.taskEnded(task(secondAttempt, 0), "exec-hostX", TaskResult.failed(last));

    assertTrue(job.isDone());
    JobFailedException failure = assertThrows(JobFailedException.class, job::await);
    assertSame(last, failure.getCause());
    assertTrue(failure.getMessage().contains("2 consecutive attempts"), failure.getMessage());
    assertEquals(List.of(), pendingResubmits, "an aborted stage is not resubmitted");
    assertEquals(4, submitted.sets.size());
  }

  // ---------------------------------------------------------------- stopping

  @Test
  void stoppingFailsRunningJobsCancelsTheirStagesAndRefusesNewOnes() {
    DagScheduler dag = newDag();
    LineageRdd reduced = LineageRdd.shuffle(LineageRdd.source(2), 2);
    JobWaiter<String> job = dag.submitJob(reduced, DESCRIBE, new int[] {0, 1}, (i, v) -> { }, "test");
    TaskSet map = submitted.sets.get(0);

    dag.stop();

    assertTrue(job.isDone());
    SpindleException failure = assertThrows(SpindleException.class, job::await);
    assertTrue(failure.getMessage().contains("closed"), failure.getMessage());
    assertEquals(List.of(map.stageId()), submitted.cancelled);
    assertThrows(SpindleException.class, () -> dag.runJob(reduced, DESCRIBE, new int[] {0}, (i, v) -> { }));
  }

  @Test
  void taskStartsAndExecutorChangesReachListenersInOrder() {
    DagScheduler dag = newDag();
    JobWaiter<String> job = dag.submitJob(LineageRdd.source(1), DESCRIBE, new int[] {0}, (i, v) -> { }, "test");
    TaskSet result = submitted.sets.get(0);
    TaskDescription task = task(result, 0);

    dag.executorAdded("exec1", "hostA", 4);
    dag.taskStarted(task, "exec1", "hostA");
    dag.taskEnded(task, "exec1", TaskResult.success("done"));
    dag.executorRemoved("exec1", "idle");

    job.await();
    assertEquals(List.of("executorAdded exec1 hostA 4", "taskStart " + task.taskId() + " exec1 hostA",
        "taskEnd " + task.taskId() + " ok", "stageCompleted " + result.stageId(), "jobEnd true",
        "executorRemoved exec1 idle"), events.entries.subList(2, events.entries.size()));
  }

  // ---------------------------------------------------------------- helpers

  /** Reports every task of a map stage successful, map {@code i} on host "host{i}"; returns the outputs. */
  private MapStatus[] completeMapStage(DagScheduler dag, TaskSet set, int reducers) {
    MapStatus[] outputs = new MapStatus[set.partitions().size()];
    for (int i : indexes(set)) {
      outputs[i] = status(i, "host" + i, reducers);
      succeed(dag, set, i, outputs[i]);
    }
    return outputs;
  }

  private void succeed(DagScheduler dag, TaskSet set, int partition, Object value) {
    dag.taskEnded(task(set, partition), "exec-" + partition, TaskResult.success(value));
  }

  /** A first attempt of the set's task for {@code partition}, as the task scheduler would launch it. */
  private TaskDescription task(TaskSet set, int partition) {
    for (Partition p : set.partitions()) {
      if (p.index() == partition) {
        return new TaskDescription(nextTaskId++, set.stageId(), set.stageAttempt(), p, 0, set.taskBinary(),
            TaskLocality.ANY);
      }
    }
    throw new AssertionError("task set " + set.name() + " has no task for partition " + partition);
  }

  private static MapStatus status(int map, String host, int reducers) {
    long[] sizes = new long[reducers];
    java.util.Arrays.fill(sizes, 10);
    return new MapStatus(map, "exec-" + host, host, 7337, sizes);
  }

  private static List<Integer> indexes(TaskSet set) {
    return set.partitions().stream().map(Partition::index).toList();
  }

  private void fireResubmits() {
    List<Runnable> due = new ArrayList<>(pendingResubmits);
    pendingResubmits.clear();
    due.forEach(Runnable::run);
  }

  /** The task scheduler side as the DAG scheduler sees it: records what it is asked to do. */
  private static final class RecordingSubmitter implements TaskSubmitter {
    final List<TaskSet> sets = new ArrayList<>();
    final List<Integer> cancelled = new ArrayList<>();

    @Override
    public void submitTasks(TaskSet taskSet) {
      sets.add(taskSet);
    }

    @Override
    public void cancelStage(int stageId) {
      cancelled.add(stageId);
    }
  }

  /** A backend whose offers the test makes itself. */
  private static final class IdleBackend implements SchedulerBackend {
    @Override
    public void start() {}

    @Override
    public void reviveOffers() {}

    @Override
    public int defaultParallelism() {
      return 1;
    }

    @Override
    public void stop() {}
  }

  /** What listeners hear, as short strings. */
  private static final class EventLog implements SpindleListener {
    final List<String> entries = new ArrayList<>();

    @Override
    public void onJobStart(int jobId, List<Integer> stageIds, String callSite) {
      entries.add("jobStart " + stageIds);
    }

    @Override
    public void onStageSubmitted(StageInfo stage) {
      entries.add("stageSubmitted " + stage.stageId());
    }

    @Override
    public void onStageCompleted(StageInfo stage) {
      entries.add("stageCompleted " + stage.stageId());
    }

    @Override
    public void onTaskStart(TaskStartInfo task) {
      entries.add("taskStart " + task.taskId() + " " + task.executorId() + " " + task.host());
    }

    @Override
    public void onTaskEnd(TaskInfo task) {
      entries.add("taskEnd " + task.taskId() + " " + (task.succeeded() ? "ok" : "failed"));
    }

    @Override
    public void onJobEnd(int jobId, boolean succeeded, String failureReason) {
      entries.add("jobEnd " + succeeded);
    }

    @Override
    public void onExecutorAdded(ExecutorInfo executor) {
      entries.add("executorAdded " + executor.executorId() + " " + executor.host() + " " + executor.cores());
    }

    @Override
    public void onExecutorRemoved(String executorId, String reason) {
      entries.add("executorRemoved " + executorId + " " + reason);
    }

    List<String> withoutTasks() {
      return entries.stream().filter(e -> !e.startsWith("task")).toList();
    }

    String last() {
      return entries.get(entries.size() - 1);
    }
  }

  /**
   * An RDD of pairs whose lineage the test builds: a source with preferred hosts "host{i}", a
   * narrow child, or the reduce side of a shuffle. It is never computed.
   */
  private static final class LineageRdd extends RddNode<Pair<Integer, Integer>> {
    private static final long serialVersionUID = 1L;

    private final int numPartitions;
    private final transient List<Dependency<?>> parents;
    private final boolean source;

    private LineageRdd(int numPartitions, List<Dependency<?>> parents, boolean source) {
      super(ids.rddContext());
      this.numPartitions = numPartitions;
      this.parents = parents;
      this.source = source;
    }

    static LineageRdd source(int partitions) {
      return new LineageRdd(partitions, List.of(), true);
    }

    static LineageRdd narrow(LineageRdd parent) {
      return new LineageRdd(parent.numPartitions, List.of(new OneToOneDependency<>(parent)), false);
    }

    static LineageRdd shuffle(LineageRdd parent, int reducers) {
      ShuffleDependency<Integer, Integer, Integer> dep = new ShuffleDependency<>(parent, new HashPartitioner(reducers),
          null, false);
      return new LineageRdd(reducers, List.of(dep), false);
    }

    /** The shuffle this RDD reads (it must be the reduce side of one). */
    int shuffleId() {
      return ((ShuffleDependency<?, ?, ?>) parents.get(0)).shuffleId();
    }

    @Override
    protected Partition[] computePartitions() {
      Partition[] partitions = new Partition[numPartitions];
      for (int i = 0; i < numPartitions; i++) {
        partitions[i] = new IndexPartition(i);
      }
      return partitions;
    }

    @Override
    protected List<Dependency<?>> computeDependencies() {
      return parents;
    }

    @Override
    public List<String> preferredLocations(Partition partition) {
      if (source) {
        return List.of("host" + partition.index());
      }
      for (Dependency<?> dep : dependencies()) {
        if (dep instanceof OneToOneDependency<?> narrow) {
          return narrow.rdd().preferredLocations(partition);
        }
      }
      return List.of();
    }

    @Override
    public Iterator<Pair<Integer, Integer>> compute(Partition split, EngineTaskContext context) {
      throw new UnsupportedOperationException("no task runs in this test");
    }
  }
}
