package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.TaskContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One job of 8 tasks over 1..8000 whose tasks each mark their start ({@code <dir>/started/<partition>-<attempt>})
 * and wait for {@code <dir>/release}: the test lets them go once another application, in another queue,
 * has taken some of this one's executors by preemption. The driver then writes the sum
 * ({@code <dir>/result}) and every failed attempt, "partition executor failure" ({@code <dir>/failures}).
 */
public final class PreemptedApp {
  private PreemptedApp() {}

  public static void main(String[] args) throws Exception {
    FileSystem fs = new Path(args[0]).getFileSystem(new Configuration());
    Path dir = fs.makeQualified(new Path(args[0]));
    String started = new Path(dir, "started").toString();
    String release = new Path(dir, "release").toString();
    List<Integer> values = new ArrayList<>();
    for (int i = 1; i <= 8000; i++) {
      values.add(i);
    }
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("preempted"))) {
      TaskOutcomes outcomes = TaskOutcomes.of(ctx);
      long sum = ctx.parallelize(values, 8).mapPartitions(it -> {
        TaskContext tc = TaskContext.get();
        Path mark = new Path(started, tc.partitionId() + "-" + tc.attemptNumber());
        FileSystem taskFs = mark.getFileSystem(new Configuration());
        Markers.write(taskFs, mark, "");
        Markers.await(release, 600, "the test did not release the tasks");
        List<Long> out = new ArrayList<>();
        it.forEachRemaining(v -> out.add((long) v));
        return out.iterator();
      }).reduce(Long::sum);
      outcomes.writeTo(ctx, fs, dir, false);
      Markers.write(fs, new Path(dir, "result"), Long.toString(sum));
    }
  }
}
