package io.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import io.spindle.function.PartitionFunction;
import io.spindle.function.TaskLocality;
import io.spindle.output.OutputCommitCoordinator;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.IndexPartition;
import io.spindle.rdd.Partition;
import io.spindle.rdd.RddNode;
import io.spindle.rdd.ShuffleDependency;
import io.spindle.rdd.SignedInput;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.shuffle.MapStatus;
import io.spindle.task.EngineTaskContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AM-restart recovery in the DAG scheduler: a second driver "attempt" (a new context and scheduler,
 * the same lineage) gets the map stage the first one finished from the journal and runs only the
 * reduce stage; a changed input runs it again; a restored output that turns out lost is rerun by
 * the fetch-failure path, and only that one. The journal is an in-memory fake of
 * {@link MapStageJournal}; tasks are completed by hand, as in DagSchedulerTest.
 */
class MapStageRecoveryTest {
  private static final PartitionFunction<Pair<Integer, Integer>, String> NOTHING = (c, records) -> {
    throw new UnsupportedOperationException("no task runs in this test");
  };

  private final MemoryJournal journal = new MemoryJournal();
  private final List<SpindleContext> contexts = new ArrayList<>();
  private final List<Runnable> resubmits = new ArrayList<>();
  private long nextTaskId;

  @AfterEach
  void close() {
    contexts.forEach(SpindleContext::close);
    MapStageJournal.install(null);
  }

  /** One driver attempt: its own context (ids from 0) and scheduler, with the journal installed. */
  private final class Attempt {
    final SpindleContext ids = new SpindleContext(new SpindleConf(false).setMaster("local[1]")
        .set("spindle.ui.enabled", "false"));
    final List<TaskSet> submitted = new ArrayList<>();
    final MapOutputTracker outputs = new MapOutputTracker();
    final DagScheduler dag;

    Attempt() {
      contexts.add(ids);
      MapStageJournal.install(journal);
      dag = new DagScheduler(new TaskSubmitter() {
        @Override
        public void submitTasks(TaskSet set) {
          submitted.add(set);
        }

        @Override
        public void cancelStage(int stageId) {}
      }, outputs, new OutputCommitCoordinator(), 4, true, (action, delay) -> resubmits.add(action));
      dag.start();
    }

    /** source(maps, identity) -> shuffle(reducers): built on one line, so call sites match across attempts. */
    Reduced lineage(int maps, String identity, int reducers) {
      return new Reduced(ids, new Source(ids, maps, identity), reducers);
    }

    void end(TaskSet set, int partition, Object value) {
      for (Partition p : set.partitions()) {
        if (p.index() == partition) {
          dag.taskEnded(new TaskDescription(nextTaskId++, set.stageId(), set.stageAttempt(), p, 0, set.taskBinary(),
              TaskLocality.ANY), "exec", value instanceof Throwable t ? TaskResult.failed(t) : TaskResult.success(value));
          return;
        }
      }
      throw new AssertionError("no task for partition " + partition);
    }
  }

  private static MapStatus status(int map, int reducers) {
    long[] sizes = new long[reducers];
    java.util.Arrays.fill(sizes, 100 + map);
    return new MapStatus(map, "exec-" + map, "host" + map, 7337, sizes);
  }

  private static List<Integer> indexes(TaskSet set) {
    return set.partitions().stream().map(Partition::index).toList();
  }

  @Test
  void aSecondAttemptRestoresTheFinishedMapStageAndRunsOnlyTheReduceStage() {
    Attempt first = new Attempt();
    Reduced lineage1 = first.lineage(3, "input v1", 2);
    first.dag.submitJob(lineage1, NOTHING, new int[] {0, 1}, (i, v) -> { }, "test");
    TaskSet maps = first.submitted.get(0);
    assertEquals(List.of(0, 1, 2), indexes(maps));
    for (int m = 0; m < 3; m++) {
      first.end(maps, m, status(m, 2));
    }
    assertEquals(1, journal.records.size(), "the finished map stage is journaled");
    // the first attempt dies here, during the reduce stage

    Attempt second = new Attempt();
    Reduced lineage2 = second.lineage(3, "input v1", 2);
    Map<Integer, String> results = new HashMap<>();
    JobWaiter<String> job = second.dag.submitJob(lineage2, NOTHING, new int[] {0, 1}, results::put, "test");
    assertEquals(1, second.submitted.size());
    TaskSet reduce = second.submitted.get(0);
    assertEquals(List.of(0, 1), indexes(reduce), "the result stage runs at once: the map stage was restored");
    MapStatus[] registered = second.outputs.statuses(lineage2.shuffle.shuffleId());
    for (int m = 0; m < 3; m++) {
      assertEquals("exec-" + m, registered[m].executorId());
      assertArrayEquals(status(m, 2).sizes(), registered[m].sizes());
    }
    second.end(reduce, 0, "r0");
    second.end(reduce, 1, "r1");
    job.await();
    assertEquals(Map.of(0, "r0", 1, "r1"), results);
  }

  @Test
  void aChangedInputRunsTheMapStageAgain() {
    Attempt first = new Attempt();
    first.dag.submitJob(first.lineage(2, "input v1", 2), NOTHING, new int[] {0}, (i, v) -> { }, "test");
    first.end(first.submitted.get(0), 0, status(0, 2));
    first.end(first.submitted.get(0), 1, status(1, 2));

    Attempt second = new Attempt();
    second.dag.submitJob(second.lineage(2, "input v2 (longer)", 2), NOTHING, new int[] {0}, (i, v) -> { }, "test");
    assertEquals(List.of(0, 1), indexes(second.submitted.get(0)), "the map stage runs: its signature differs");
  }

  @Test
  void aRestoredOutputThatIsGoneIsRerunThroughTheFetchFailurePathAlone() {
    Attempt first = new Attempt();
    first.dag.submitJob(first.lineage(3, "in", 2), NOTHING, new int[] {0, 1}, (i, v) -> { }, "test");
    for (int m = 0; m < 3; m++) {
      first.end(first.submitted.get(0), m, status(m, 2));
    }

    Attempt second = new Attempt();
    Reduced lineage = second.lineage(3, "in", 2);
    JobWaiter<String> job = second.dag.submitJob(lineage, NOTHING, new int[] {0, 1}, (i, v) -> { }, "test");
    TaskSet reduce = second.submitted.get(0);
    int shuffle = lineage.shuffle.shuffleId();
    second.end(reduce, 0, new FetchFailedException("exec-1", "host1", 7337, shuffle, new int[] {1}, 0, false,
        "host1's shuffle service no longer has it", null));
    resubmits.forEach(Runnable::run);
    TaskSet rerun = second.submitted.get(1);
    assertEquals(List.of(1), indexes(rerun), "only the lost restored output is recomputed");
    second.end(rerun, 1, status(1, 2));
    TaskSet reduceAgain = second.submitted.get(2);
    for (Partition p : reduceAgain.partitions()) {
      second.end(reduceAgain, p.index(), "r");
    }
    if (!job.isDone()) {
      second.end(reduce, 1, "r");
    }
    assertTrue(job.isDone());
    assertNotNull(second.outputs.statuses(shuffle)[1]);
  }

  /** Journal records kept in memory, keyed as the YARN journal keys them (shuffle id + signature). */
  private static final class MemoryJournal implements MapStageJournal {
    final Map<String, MapStatus[]> records = new HashMap<>();

    @Override
    public Restored restore(String signature, int shuffleId, int numMaps) {
      MapStatus[] r = records.get(shuffleId + "/" + signature);
      return r == null || r.length != numMaps ? null : new Restored(1, r.clone());
    }

    @Override
    public void finished(String signature, int shuffleId, MapStatus[] outputs) {
      records.put(shuffleId + "/" + signature, outputs.clone());
    }

    @Override
    public boolean enabled() {
      return true;
    }
  }

  /** An input whose identity the test chooses (as a file's length and modification time would be). */
  private static final class Source extends RddNode<Pair<Integer, Integer>> implements SignedInput {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final String identity;

    Source(SpindleContext sc, int partitions, String identity) {
      super(sc.rddContext());
      this.partitions = partitions;
      this.identity = identity;
    }

    @Override
    public String inputIdentity() {
      return identity;
    }

    @Override
    protected Partition[] computePartitions() {
      Partition[] out = new Partition[partitions];
      for (int i = 0; i < partitions; i++) {
        out[i] = new IndexPartition(i);
      }
      return out;
    }

    @Override
    public Iterator<Pair<Integer, Integer>> compute(Partition split, EngineTaskContext context) {
      throw new UnsupportedOperationException();
    }
  }

  /** The reduce side of a hash shuffle of its parent. */
  private static final class Reduced extends RddNode<Pair<Integer, Integer>> {
    private static final long serialVersionUID = 1L;
    final transient ShuffleDependency<Integer, Integer, Integer> shuffle;

    Reduced(SpindleContext sc, Source parent, int reducers) {
      super(sc.rddContext());
      shuffle = new ShuffleDependency<>(parent, new HashPartitioner(reducers), null, false);
    }

    @Override
    protected Partition[] computePartitions() {
      Partition[] out = new Partition[shuffle.partitioner().numPartitions()];
      for (int i = 0; i < out.length; i++) {
        out[i] = new IndexPartition(i);
      }
      return out;
    }

    @Override
    protected List<Dependency<?>> computeDependencies() {
      return List.of(shuffle);
    }

    @Override
    public Iterator<Pair<Integer, Integer>> compute(Partition split, EngineTaskContext context) {
      throw new UnsupportedOperationException();
    }
  }
}
