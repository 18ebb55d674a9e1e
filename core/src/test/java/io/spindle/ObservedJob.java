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
 * The application the observability tests look at: a cached RDD, a reduce that spills (small
 * execution memory), a task that fails once and is retried, three stages (two shuffles, unicode
 * words, a skewed key). It records on the scheduler's own thread what happened, as the reference
 * the UI, REST API and event log are compared with.
 */
final class ObservedJob {
  /** The first attempt of partition 1 of the middle stage throws. */
  static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
  static final String SECRET = "s3cr3t-value-never-shown";

  final List<SpindleListener.TaskInfo> taskEnds = new CopyOnWriteArrayList<>();
  final List<SpindleListener.StageInfo> stagesCompleted = new CopyOnWriteArrayList<>();
  final List<Integer> jobsEnded = new CopyOnWriteArrayList<>();
  Map<Long, Integer> histogram;
  Map<Long, Integer> expected;

  /** Settings: spills under 1 MiB of execution memory, retries a failed task, carries secrets to redact. */
  static SpindleConf conf(String master) {
    return new SpindleConf(false).setMaster(master).setAppName("observed ünïcode job")
        .set("spindle.memory.testing.maxBytes", "1m")
        .set("spindle.shuffle.spill.initialMemory", "64k")
        .set("spindle.task.maxFailures", "2")
        .set("spindle.authenticate.secret", SECRET)
        .set("spindle.hadoop.fs.s3a.secret.key", SECRET);
  }

  void listenOn(SpindleContext ctx) {
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onTaskEnd(TaskInfo task) {
        taskEnds.add(task);
      }

      @Override
      public void onStageCompleted(StageInfo stage) {
        stagesCompleted.add(stage);
      }

      @Override
      public void onJobEnd(int jobId, boolean succeeded) {
        jobsEnded.add(jobId);
      }
    });
  }

  /** Runs the jobs: count of the cached words (job 0), then word count → histogram of counts (job 1, 3 stages). */
  void run(SpindleContext ctx) {
    FAILED_ONCE.set(false);
    List<String> words = new java.util.ArrayList<>(TestData.random(60_000, 20_000, 21));
    words.addAll(TestData.unicode(2_000, 22));
    for (int i = 0; i < 5_000; i++) {
      words.add("skewed");
    }
    Rdd<String> cached = ctx.parallelize(words, 4).map(w -> w + "").cache();
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
    histogram = new TreeMap<>(counts.mapToPair(p -> Pair.of(p.value(), 1)).reduceByKey(Integer::sum, 2).collectAsMap());
    Map<String, Long> byWord = new TreeMap<>();
    words.forEach(w -> byWord.merge(w, 1L, Long::sum));
    expected = new TreeMap<>();
    byWord.values().forEach(n -> expected.merge(n, 1, Integer::sum));
    if (!expected.equals(histogram)) {
      throw new AssertionError("histogram " + histogram + " != " + expected);
    }
  }
}
