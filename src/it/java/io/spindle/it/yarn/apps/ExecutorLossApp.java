package io.spindle.it.yarn.apps;

import io.spindle.function.Pair;
import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Runs a shuffle (job 1), asks the test (file {@code <dir>/kill} on HDFS: an executor that ran map
 * tasks) to kill that executor's container, waits for {@code <dir>/killed}, then reads the same
 * shuffle again (job 2). Fails unless both results equal a plain-Java reference and job 2 ran no
 * map task: the killed executor's map outputs must come from its NodeManager's shuffle service.
 */
public final class ExecutorLossApp {
  private ExecutorLossApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    List<Long> values = new ArrayList<>();
    Map<Integer, Long> expected = new TreeMap<>();
    for (long i = 1; i <= 20_000; i++) {
      values.add(i);
      expected.merge((int) (i % 10), i, Long::sum);
    }
    Set<Integer> mapStages = ConcurrentHashMap.newKeySet();
    List<String> mapTaskExecutors = new CopyOnWriteArrayList<>();
    Map<String, CompletableFuture<String>> removed = new ConcurrentHashMap<>(); // executor id -> reason
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("executor-loss"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onStageSubmitted(StageInfo stage) {
          if (stage.shuffleMap()) {
            mapStages.add(stage.stageId());
          }
        }

        @Override
        public void onTaskEnd(TaskInfo task) {
          if (mapStages.contains(task.stageId())) {
            mapTaskExecutors.add(task.executorId());
          }
        }

        @Override
        public void onExecutorRemoved(String executorId, String reason) {
          removed.computeIfAbsent(executorId, id -> new CompletableFuture<>()).complete(reason);
        }
      });
      PairRdd<Integer, Long> sums = ctx.parallelize(values, 4).mapToPair(v -> Pair.of((int) (v % 10), v))
          .reduceByKey(Long::sum, 2);
      check(expected, sums.collectAsMap(), "job 1");
      if (!ctx.waitForListeners(60_000)) { // listeners run on the bus: let ours hear job 1's task ends
        throw new IllegalStateException("the listener bus did not drain");
      }
      List<String> afterJob1 = List.copyOf(mapTaskExecutors);
      FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration()); // the AM's core-site.xml
      Markers.write(fs, new Path(dir, "kill"), afterJob1.get(0));
      Markers.await(fs, new Path(dir, "killed"), 180, "the test did not kill executor " + afterJob1.get(0));
      // The driver hears of the lost connection before job 2 starts.
      removed.computeIfAbsent(afterJob1.get(0), id -> new CompletableFuture<>()).get(120, TimeUnit.SECONDS);
      check(expected, sums.collectAsMap(), "job 2");
      if (!ctx.waitForListeners(60_000)) { // job 2's task ends, if any, reach ours on the bus too
        throw new IllegalStateException("the listener bus did not drain");
      }
      if (!mapTaskExecutors.equals(afterJob1)) {
        throw new AssertionError("map tasks ran again after executor " + afterJob1.get(0) + " was killed: "
            + afterJob1 + " became " + mapTaskExecutors);
      }
      System.err.println("ExecutorLossApp: map tasks ran on executors " + afterJob1 + "; job 2 ran none");
    }
  }

  private static void check(Map<Integer, Long> expected, Map<Integer, Long> actual, String job) {
    if (!expected.equals(new TreeMap<>(actual))) {
      throw new AssertionError(job + ": expected " + expected + " but got " + actual);
    }
  }
}
