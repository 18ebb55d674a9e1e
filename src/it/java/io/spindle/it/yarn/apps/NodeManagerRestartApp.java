package io.spindle.it.yarn.apps;

import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * 12 maps / 6 reduces, for NodeManagerRestartIT. A warm-up job waits for both executors; job 1 runs
 * the shuffle; the app writes which executor ran each map partition to {@code <dir>/maps} and waits
 * for {@code <dir>/restarted} (the test restarted a NodeManager that ran maps, whose shuffle service
 * now listens on another port while its executors live on); job 2 reads the same shuffle, so its
 * reducers fetch from the service's old port. Writes every map task started in job 2 and every one
 * that succeeded, with the number of map-stage resubmissions ({@code <dir>/rerun}), and job 2's
 * result ({@code <dir>/result}); then waits for a third executor to register (the replacement of the
 * one retired with its old port) before it returns.
 */
public final class NodeManagerRestartApp {
  private NodeManagerRestartApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    List<Long> values = new ArrayList<>();
    for (long i = 1; i <= 12_000; i++) {
      values.add(i);
    }
    Set<Integer> mapStages = ConcurrentHashMap.newKeySet();
    List<String> mapStarts = new CopyOnWriteArrayList<>(); // "partition executor" of every map task started
    List<String> mapSuccesses = new CopyOnWriteArrayList<>(); // "partition executor" of successful map tasks
    List<Integer> mapStageAttempts = new CopyOnWriteArrayList<>();
    Semaphore jobsEnded = new Semaphore(0);
    Semaphore executorsAdded = new Semaphore(0);
    FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("nodemanager-restart"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onStageSubmitted(StageInfo stage) {
          if (stage.shuffleMap()) {
            mapStages.add(stage.stageId());
            mapStageAttempts.add(stage.attempt());
          }
        }

        @Override
        public void onTaskStart(TaskStartInfo task) {
          if (mapStages.contains(task.stageId())) {
            mapStarts.add(task.partition() + " " + task.executorId());
          }
        }

        @Override
        public void onTaskEnd(TaskInfo task) {
          if (mapStages.contains(task.stageId()) && task.succeeded()) {
            mapSuccesses.add(task.partition() + " " + task.executorId());
          }
        }

        @Override
        public void onExecutorAdded(ExecutorInfo executor) {
          executorsAdded.release();
        }

        @Override
        public void onJobEnd(int jobId, boolean succeeded) {
          jobsEnded.release(); // the bus delivers a job's task events before its end
        }
      });
      // Executors come on demand, once a job has tasks: a first job starts both, so that job 1's maps
      // run on both NodeManagers (the first executor to register would otherwise take all 12).
      ctx.parallelize(List.of(1, 2), 2).count();
      if (!executorsAdded.tryAcquire(2, 300, TimeUnit.SECONDS)) {
        throw new IllegalStateException("two executors did not register within 300 s");
      }
      awaitJobEnd(jobsEnded);
      PairRdd<Integer, Long> sums = ctx.parallelize(values, 12).mapToPair(v -> {
        if (v % 1000 == 1) {
          Thread.sleep(1500);
        }
        return Pair.of((int) (v % 60), v);
      }).reduceByKey(Long::sum, 6);
      sums.collectAsMap();
      awaitJobEnd(jobsEnded);
      int startsJob1 = mapStarts.size();
      int successesJob1 = mapSuccesses.size();
      int submissionsJob1 = mapStageAttempts.size();
      Markers.write(fs, new Path(dir, "maps"), String.join("\n", mapSuccesses));
      Markers.await(fs, new Path(dir, "restarted"), 300, "the test did not restart a NodeManager");
      Map<Integer, Long> result = new TreeMap<>(sums.collectAsMap());
      awaitJobEnd(jobsEnded);
      StringBuilder lines = new StringBuilder();
      result.forEach((k, v) -> lines.append(k).append('\t').append(v).append('\n'));
      Markers.write(fs, new Path(dir, "result"), lines.toString());
      StringBuilder rerun = new StringBuilder("resubmissions " + (mapStageAttempts.size() - submissionsJob1) + "\n");
      mapStarts.subList(startsJob1, mapStarts.size()).forEach(t -> rerun.append("start ").append(t).append('\n'));
      mapSuccesses.subList(successesJob1, mapSuccesses.size())
          .forEach(t -> rerun.append("success ").append(t).append('\n'));
      Markers.write(fs, new Path(dir, "rerun"), rerun.toString());
      // The executors of the dead address were told to exit and are replaced; the application lives until
      // a replacement registered, so the test sees which address it learned.
      if (!executorsAdded.tryAcquire(1, 300, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no replacement executor registered within 300 s");
      }
    }
  }

  private static void awaitJobEnd(Semaphore jobsEnded) throws InterruptedException {
    if (!jobsEnded.tryAcquire(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the listener bus did not deliver the job's end within 60 s");
    }
  }
}
