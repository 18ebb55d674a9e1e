package io.spindle;

import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.accumulator.LongAccumulator;
import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.LocalClusterLauncher;
import io.spindle.config.SpindleConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch failures across processes ({@code local-cluster[2,1,384]}): every map output executor 1
 * wrote is deleted from its dir; reducers on either executor get NOT_FOUND from the shuffle
 * service, the driver unregisters those outputs, re-runs exactly those map partitions and
 * resubmits the reduce stage, whose tasks ask the driver for the new locations.
 */
class LocalClusterFetchFailureTest {
  @TempDir
  Path localDir;
  private SpindleContext ctx;

  @AfterEach
  void stop() {
    if (ctx != null) {
      List<ProcessHandle> executors = ((LocalClusterLauncher) ((ClusterBackend) ctx.schedulerBackend()).launcher())
          .processes();
      ctx.close();
      executors.forEach(p -> assertFalse(p.isAlive(), "executor " + p.pid() + " outlived its context"));
    }
  }

  private static List<String> words(int n, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(r.nextInt(4) == 0 ? "hot" : "w" + r.nextInt(300));
    }
    return out;
  }

  private void deleteShuffleFilesOf(String executorId) {
    try (Stream<Path> files = Files.walk(localDir)) {
      List<Path> doomed = files.filter(p -> p.getParent().getFileName().toString().equals("executor-" + executorId)
          && p.getFileName().toString().startsWith("shuffle_")).toList();
      assertFalse(doomed.isEmpty(), "executor " + executorId + " wrote shuffle files");
      for (Path p : doomed) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void mapOutputsDeletedFromOneExecutorAreRecomputed() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set(SpindleConfigs.LOCAL_DIR.key(), localDir.toString())
        .set(SpindleConfigs.TASK_MAX_FAILURES.key(), "1")); // fetch failures must not count as task failures
    Set<Integer> mapStages = ConcurrentHashMap.newKeySet();
    List<SpindleListener.TaskInfo> mapTasks = new CopyOnWriteArrayList<>();
    List<SpindleListener.TaskInfo> failures = new CopyOnWriteArrayList<>();
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onStageSubmitted(StageInfo stage) {
        if (stage.shuffleMap()) {
          mapStages.add(stage.stageId());
        }
      }

      @Override
      public void onTaskEnd(TaskInfo task) {
        if (!task.succeeded()) {
          failures.add(task);
        } else if (mapStages.contains(task.stageId())) {
          mapTasks.add(task);
        }
      }
    });
    List<String> input = words(6_000, 21);
    Map<String, Long> expected = new TreeMap<>();
    input.forEach(w -> expected.merge(w, 1L, Long::sum));
    LongAccumulator mapped = ctx.longAccumulator("mapped");
    PairRdd<String, Long> counts = ctx.parallelize(input, 6).mapToPair(w -> {
      mapped.add(1);
      return Pair.of(w, 1L);
    }).reduceByKey(Long::sum, 4);

    assertEquals(expected, new TreeMap<>(counts.collectAsMap()));
    Set<Integer> onExecutor1 = new TreeSet<>();
    mapTasks.stream().filter(t -> t.executorId().equals("1")).forEach(t -> onExecutor1.add(t.partition()));
    assertFalse(onExecutor1.isEmpty(), "executor 1 ran map tasks: " + mapTasks);
    assertTrue(onExecutor1.size() < 6, "executor 2 ran map tasks too: " + mapTasks);

    deleteShuffleFilesOf("1");
    mapTasks.clear();
    assertEquals(expected, new TreeMap<>(counts.collectAsMap()));

    List<Integer> rerun = mapTasks.stream().map(SpindleListener.TaskInfo::partition).sorted().toList();
    assertEquals(new ArrayList<>(onExecutor1), rerun, "exactly executor 1's map partitions ran again, once each");
    assertFalse(failures.isEmpty(), "reducers saw the loss");
    assertTrue(failures.stream().allMatch(t -> t.failure().contains("FetchFailedException")), failures.toString());
    assertEquals(input.size(), mapped.value(), "recomputed map partitions' accumulator updates count once");
  }
}
