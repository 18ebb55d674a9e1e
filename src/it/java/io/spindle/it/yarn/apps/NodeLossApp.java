package io.spindle.it.yarn.apps;

import io.spindle.PairRdd;
import io.spindle.Rdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One job of 12 maps / 6 reduces, whose maps start once two executors have registered and whose reduce stage is held until the test has stopped a NodeManager:
 * when the map stage first completes, the driver writes which executor ran each map partition to
 * {@code <dir>/maps}; each reduce task first waits for {@code <dir>/stopped} (the test writes it once the
 * NodeManager is stopped) and only then reads its shuffle input, so reducers fetch from the stopped
 * NodeManager in the middle of the reduce stage. Writes the map partitions run again ({@code <dir>/rerun},
 * with the number of map-stage resubmissions), the job's result ({@code <dir>/result}) and the time the
 * job ended ({@code <dir>/done}), then returns.
 *
 * <p>The hold is a narrow parent computed before the shuffle read: {@code zipPartitions} computes its
 * left parent first, and {@code mapPartitions} calls its function when the partition is computed, so
 * the wait happens before the right parent (the shuffled RDD) fetches anything.
 */
public final class NodeLossApp {
  private NodeLossApp() {}

  public static void main(String[] args) throws Exception {
    FileSystem fs = new Path(args[0]).getFileSystem(new Configuration());
    Path dir = fs.makeQualified(new Path(args[0]));
    String stopped = new Path(dir, "stopped").toString();
    List<Long> values = new ArrayList<>();
    for (long i = 1; i <= 12_000; i++) {
      values.add(i);
    }
    Set<Integer> mapStages = ConcurrentHashMap.newKeySet();
    List<String> mapTasks = new CopyOnWriteArrayList<>(); // "partition executor" of successful map tasks
    List<Integer> mapStageAttempts = new CopyOnWriteArrayList<>();
    int[] firstRun = new int[1];
    AtomicBoolean mapsWritten = new AtomicBoolean();
    AtomicInteger executors = new AtomicInteger();
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
        public void onExecutorAdded(ExecutorInfo executor) {
          if (executors.incrementAndGet() == 2) {
            Markers.write(fs, new Path(dir, "executors"), executor.executorId());
          }
        }

        @Override
        public void onStageCompleted(StageInfo stage) {
          // The bus delivers events in order: every map task's end precedes its stage's completion.
          if (stage.shuffleMap() && stage.failureReason() == null && mapsWritten.compareAndSet(false, true)) {
            firstRun[0] = mapTasks.size();
            Markers.write(fs, new Path(dir, "maps"), String.join("\n", mapTasks));
          }
        }
      });
      // The AM starts executors on demand and they may register far apart on a busy machine: each map
      // waits until both have (the driver writes <dir>/executors), then takes a while, so the maps run on
      // both executors — the test needs maps on a NodeManager other than the AM's.
      String bothExecutors = new Path(dir, "executors").toString();
      PairRdd<Integer, Long> sums = ctx.parallelize(values, 12).mapToPair(v -> {
        if (v % 1000 == 1) { // the first record of each map partition
          Markers.await(bothExecutors, 300, "two executors did not register");
          Thread.sleep(1500);
        }
        return Pair.of((int) (v % 60), v);
      }).reduceByKey(Long::sum, 6);
      Rdd<Integer> gate = ctx.parallelize(List.of(0, 1, 2, 3, 4, 5), 6).mapPartitions(it -> {
        Markers.await(stopped, 300, "the test did not stop a NodeManager");
        return it;
      });
      List<Pair<Integer, Long>> pairs = gate.zipPartitions(sums,
          (Iterator<Integer> g, Iterator<Pair<Integer, Long>> s) -> s).collect();
      long done = System.currentTimeMillis();
      if (!ctx.waitForListeners(30_000)) {
        throw new IllegalStateException("the listener bus did not drain");
      }
      Map<Integer, Long> result = new TreeMap<>();
      pairs.forEach(p -> result.put(p.key(), p.value()));
      List<String> rerun = new ArrayList<>(mapTasks.subList(firstRun[0], mapTasks.size()));
      StringBuilder lines = new StringBuilder();
      result.forEach((k, v) -> lines.append(k).append('\t').append(v).append('\n'));
      Markers.write(fs, new Path(dir, "result"), lines.toString());
      Markers.write(fs, new Path(dir, "rerun"), "resubmissions " + (mapStageAttempts.size() - 1) + "\n"
          + String.join("\n", rerun));
      Markers.write(fs, new Path(dir, "done"), Long.toString(done));
    }
  }
}
