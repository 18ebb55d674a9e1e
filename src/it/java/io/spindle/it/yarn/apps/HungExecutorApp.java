package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One job of 4 tasks over 1..4000 whose first task to run writes its executor's process id to
 * {@code <dir>/pid} and waits for {@code <dir>/go} (the test writes it once it has stopped that
 * process with SIGSTOP: a hung executor, whose container YARN never reports ended). The driver
 * then writes the sum ({@code <dir>/result}), per successful task "partition executor"
 * ({@code <dir>/tasks}) and per failed attempt "partition executor failure" ({@code <dir>/failures}).
 */
public final class HungExecutorApp {
  private HungExecutorApp() {}

  public static void main(String[] args) throws Exception {
    FileSystem fs = new Path(args[0]).getFileSystem(new Configuration());
    Path dir = fs.makeQualified(new Path(args[0]));
    String pidFile = new Path(dir, "pid").toString();
    String go = new Path(dir, "go").toString();
    List<Integer> values = new ArrayList<>();
    for (int i = 1; i <= 4000; i++) {
      values.add(i);
    }
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("hung-executor"))) {
      TaskOutcomes outcomes = TaskOutcomes.of(ctx);
      long sum = ctx.parallelize(values, 4).mapPartitions(it -> {
        Path pid = new Path(pidFile);
        FileSystem taskFs = pid.getFileSystem(new Configuration());
        if (!taskFs.exists(pid)) { // the first task of the first executor: one core, so nothing runs beside it
          Markers.write(taskFs, pid, Long.toString(ProcessHandle.current().pid()));
          Markers.await(go, 300, "the test did not stop this executor");
        }
        List<Long> out = new ArrayList<>();
        it.forEachRemaining(v -> out.add((long) v));
        return out.iterator();
      }).reduce(Long::sum);
      outcomes.writeTo(ctx, fs, dir, true);
      Markers.write(fs, new Path(dir, "result"), Long.toString(sum));
    }
  }
}
