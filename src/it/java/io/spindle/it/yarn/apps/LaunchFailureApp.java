package io.spindle.it.yarn.apps;

import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Word counts of {@code <dir>/input} while executor containers fail to launch on some
 * NodeManagers (LaunchFailureBlacklistIT). It opens its context (the AM registers, so the test can
 * add the failing NodeManagers after the AM was placed), waits for {@code <dir>/go}, then job 1
 * collects the counts (executors are requested now, more than the healthy NodeManagers hold, so the
 * failing ones are tried) and writes them to {@code <dir>/counts}; it waits for {@code <dir>/checked}
 * (the test saw the exclusion it waits for), then job 2 saves the same counts with saveAsTextFile
 * to {@code <dir>/out} as {@code word\tcount} lines, and the hosts of the executors that ran task
 * attempts go to {@code <dir>/hosts}.
 */
public final class LaunchFailureApp {
  private LaunchFailureApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
    Set<String> taskHosts = ConcurrentHashMap.newKeySet();
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("launch-failure"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onTaskStart(TaskStartInfo task) {
          taskHosts.add(task.host());
        }
      });
      Markers.await(fs, new Path(dir, "go"), 480, "the test never said go");
      PairRdd<String, Long> counts = ctx.textFile(new Path(dir, "input").toString(), 12)
          .flatMap(line -> Arrays.asList(line.split(" ")).iterator())
          .mapToPair(word -> Pair.of(word, 1L))
          .reduceByKey(Long::sum, 8);
      Map<String, Long> collected = new TreeMap<>(counts.collectAsMap());
      StringBuilder lines = new StringBuilder();
      collected.forEach((word, n) -> lines.append(word).append('\t').append(n).append('\n'));
      Markers.write(fs, new Path(dir, "counts"), lines.toString());
      Markers.await(fs, new Path(dir, "checked"), 480, "the test never checked the counts");
      counts.map(p -> p.key() + "\t" + p.value()).saveAsTextFile(new Path(dir, "out").toString());
      if (!ctx.waitForListeners(30_000)) { // job 2's task starts reach the listener on the bus
        throw new IllegalStateException("the listener bus did not drain");
      }
      Markers.write(fs, new Path(dir, "hosts"), String.join("\n", new TreeSet<>(taskHosts)));
    }
  }
}
