package io.spindle;

import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application the observability tests look at: a cached RDD (memory and disk), a reduce that spills (small
 * execution memory), a task that fails once and is retried, three stages (two shuffles, unicode
 * words, a skewed key). It records on the scheduler's own thread what happened, as the reference
 * the UI, REST API and event log are compared with.
 */
public final class ObservedJobs {
  /** The first attempt of partition 1 of the middle stage throws. */
  static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
  public static final String SECRET = "s3cr3t-value-never-shown";

  /** What the scheduler reported, in order, heard on its own thread. */
  public record Run(List<SpindleListener.TaskInfo> taskEnds, List<SpindleListener.StageInfo> stagesCompleted,
      List<Integer> jobsEnded) {}

  private ObservedJobs() {}

  /** Settings: spills under 1 MiB of execution memory, retries a failed task, carries secrets to redact. */
  public static SpindleConf conf(String master) {
    return new SpindleConf(false).setMaster(master).setAppName("observed ünïcode job")
        .set("spindle.memory.testing.maxBytes", "1m")
        .set("spindle.shuffle.spill.initialMemory", "64k")
        .set("spindle.task.maxFailures", "2")
        .set("spindle.authenticate.secret", SECRET)
        .set("spindle.hadoop.fs.s3a.secret.key", SECRET);
  }

  private static Run listenOn(SpindleContext ctx) {
    Run run = new Run(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onTaskEnd(TaskInfo task) {
        run.taskEnds().add(task);
      }

      @Override
      public void onStageCompleted(StageInfo stage) {
        run.stagesCompleted().add(stage);
      }

      @Override
      public void onJobEnd(int jobId, boolean succeeded) {
        run.jobsEnded().add(jobId);
      }
    });
    return run;
  }

  /** Runs the jobs: count of the cached words (job 0), then word count → histogram of counts (job 1, 3 stages). */
  public static Run run(SpindleContext ctx) {
    Run run = listenOn(ctx);
    FAILED_ONCE.set(false);
    List<String> words = new java.util.ArrayList<>(TestData.random(60_000, 20_000, 21));
    words.addAll(TestData.unicode(2_000, 22));
    for (int i = 0; i < 5_000; i++) {
      words.add("skewed");
    }
    // Memory and disk: 1 MiB of memory holds some partitions, the rest go to disk.
    Rdd<String> cached = ctx.parallelize(words, 4).map(w -> w + "").persist(io.spindle.function.StorageLevel.MEMORY_AND_DISK);
    if (cached.count() != words.size()) {
      throw new AssertionError("count");
    }
    PairRdd<String, Long> counts = cached.mapToPair(w -> Pair.of(w, 1L)).groupByKey(3).mapValues(vs -> {
      if (TaskContext.get().partitionId() == 1 && FAILED_ONCE.compareAndSet(false, true)) {
        throw new IllegalStateException("fails once on purpose");
      }
      long n = 0;
      for (Long ignored : vs) {
        n++;
      }
      return n;
    });
    Map<Long, Integer> histogram = new TreeMap<>(counts.mapToPair(p -> Pair.of(p.value(), 1)).reduceByKey(Integer::sum, 2).collectAsMap());
    Map<String, Long> byWord = new TreeMap<>();
    words.forEach(w -> byWord.merge(w, 1L, Long::sum));
    Map<Long, Integer> expected = new TreeMap<>();
    byWord.values().forEach(n -> expected.merge(n, 1, Integer::sum));
    if (!expected.equals(histogram)) {
      throw new AssertionError("histogram " + histogram + " != " + expected);
    }
    return run;
  }
}
