package io.spindle.it.yarn.apps;

import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * 12 maps / 6 reduces. Job 1 runs the shuffle; the app writes which executor ran each map partition
 * to {@code <dir>/maps} and waits for {@code <dir>/stopped} (the test stopped a NodeManager and names
 * the executors that ran there), then for the driver to hear of their loss; job 2 reads the same
 * shuffle, so its reducers fetch from the stopped NodeManager. Writes the map partitions run again
 * ({@code <dir>/rerun}, with the number of map-stage resubmissions), job 2's result
 * ({@code <dir>/result}) and the time job 2 ended ({@code <dir>/done}), then returns.
 */
public final class NodeLossApp {
  private NodeLossApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    List<Long> values = new ArrayList<>();
    for (long i = 1; i <= 12_000; i++) {
      values.add(i);
    }
    Set<Integer> mapStages = ConcurrentHashMap.newKeySet();
    List<String> mapTasks = new CopyOnWriteArrayList<>(); // "partition executor" of successful map tasks
    List<Integer> mapStageAttempts = new CopyOnWriteArrayList<>();
    Map<String, CompletableFuture<String>> removed = new ConcurrentHashMap<>();
    FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("node-loss"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onStageSubmitted(StageInfo stage) {
          if (stage.shuffleMap()) {
            mapStages.add(stage.stageId());
            mapStageAttempts.add(stage.attempt());
          }
        }

        @Override
        public void onTaskEnd(TaskInfo task) {
          if (mapStages.contains(task.stageId()) && task.succeeded()) {
            mapTasks.add(task.partition() + " " + task.executorId());
          }
        }

        @Override
        public void onExecutorRemoved(String executorId, String reason) {
          removed.computeIfAbsent(executorId, id -> new CompletableFuture<>()).complete(reason);
        }
      });
      // Executors come on demand, one after the other: maps that take a while run on both.
      PairRdd<Integer, Long> sums = ctx.parallelize(values, 12).mapToPair(v -> {
        if (v % 1000 == 1) {
          Thread.sleep(1500);
        }
        return Pair.of((int) (v % 60), v);
      }).reduceByKey(Long::sum, 6);
      sums.collectAsMap();
      List<String> job1 = List.copyOf(mapTasks);
      int submissionsJob1 = mapStageAttempts.size();
      write(fs, new Path(dir, "maps"), String.join("\n", job1));
      long deadline = System.currentTimeMillis() + 180_000;
      while (!fs.exists(new Path(dir, "stopped"))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the test did not stop a NodeManager");
        }
        Thread.sleep(200);
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(new Path(dir, "stopped")),
          StandardCharsets.UTF_8))) {
        for (String id : r.readLine().trim().split(",")) {
          removed.computeIfAbsent(id, x -> new CompletableFuture<>()).get(120, TimeUnit.SECONDS);
        }
      }
      Map<Integer, Long> result = new TreeMap<>(sums.collectAsMap());
      long done = System.currentTimeMillis();
      List<String> rerun = new ArrayList<>(mapTasks.subList(job1.size(), mapTasks.size()));
      StringBuilder lines = new StringBuilder();
      result.forEach((k, v) -> lines.append(k).append('\t').append(v).append('\n'));
      write(fs, new Path(dir, "result"), lines.toString());
      write(fs, new Path(dir, "rerun"), "resubmissions " + (mapStageAttempts.size() - submissionsJob1) + "\n"
          + String.join("\n", rerun));
      write(fs, new Path(dir, "done"), Long.toString(done));
    }
  }

  private static void write(FileSystem fs, Path file, String text) throws Exception {
    Path tmp = file.suffix(".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fs.rename(tmp, file); // the test sees it whole
  }
}
