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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * For dynamic allocation: job 1 is a shuffle of 24 maps of about a second each (enough backlog for
 * the executors to grow to maxExecutors); then the driver idles ({@code <dir>/idle} written) until
 * the test writes {@code <dir>/go}, after the idle executors were released; job 2 reads the same
 * shuffle, whose map outputs the released executors wrote. Fails unless both results equal a
 * plain-Java reference and job 2 ran no map task.
 */
public final class DynamicAllocationApp {
  private DynamicAllocationApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    List<Long> values = new ArrayList<>();
    Map<Integer, Long> expected = new TreeMap<>();
    for (long i = 1; i <= 24_000; i++) {
      values.add(i);
      expected.merge((int) (i % 50), i, Long::sum);
    }
    Set<Integer> mapStages = ConcurrentHashMap.newKeySet();
    AtomicInteger mapTasks = new AtomicInteger();
    Set<String> mapExecutors = ConcurrentHashMap.newKeySet();
    FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("dynamic-allocation"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onStageSubmitted(StageInfo stage) {
          if (stage.shuffleMap()) {
            mapStages.add(stage.stageId());
          }
        }

        @Override
        public void onTaskEnd(TaskInfo task) {
          if (mapStages.contains(task.stageId()) && task.succeeded()) {
            mapTasks.incrementAndGet();
            mapExecutors.add(task.executorId());
          }
        }
      });
      PairRdd<Integer, Long> sums = ctx.parallelize(values, 24).mapToPair(v -> {
        if (v % 1000 == 1) {
          Thread.sleep(1000);
        }
        return Pair.of((int) (v % 50), v);
      }).reduceByKey(Long::sum, 4);
      check(expected, sums.collectAsMap(), "job 1");
      if (!ctx.waitForListeners(30_000)) { // job 1's task ends reach the listener on the bus
        throw new IllegalStateException("the listener bus did not drain");
      }
      int afterJob1 = mapTasks.get();
      Markers.write(fs, new Path(dir, "idle"), String.join(",", mapExecutors));
      Markers.await(fs, new Path(dir, "go"), 180, "the test never said go");
      check(expected, sums.collectAsMap(), "job 2");
      if (!ctx.waitForListeners(30_000)) {
        throw new IllegalStateException("the listener bus did not drain");
      }
      if (mapTasks.get() != afterJob1) {
        throw new AssertionError("job 2 ran " + (mapTasks.get() - afterJob1) + " map tasks");
      }
      System.err.println("DynamicAllocationApp: maps ran on executors " + mapExecutors + "; job 2 ran none");
    }
  }

  private static void check(Map<Integer, Long> expected, Map<Integer, Long> actual, String job) {
    if (!expected.equals(new TreeMap<>(actual))) {
      throw new AssertionError(job + ": expected " + expected + " but got " + actual);
    }
  }
}
