package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskLocality;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Counts the lines of args[0] in one stage (every task reads an input split) and writes, to the
 * HDFS file args[1], one line per successful task attempt: {@code partition locality executorId},
 * as the driver's listener saw them.
 */
public final class LocalityApp {
  private LocalityApp() {}

  public static void main(String[] args) throws Exception {
    Map<Integer, String> ran = new ConcurrentHashMap<>();
    long lines;
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("locality"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onTaskEnd(TaskInfo task) {
          if (task.failure() == null) {
            TaskLocality locality = task.locality();
            ran.put(task.partition(), locality + " " + task.executorId());
          }
        }
      });
      lines = ctx.textFile(args[0]).count();
    }
    StringBuilder report = new StringBuilder();
    new TreeMap<>(ran).forEach((p, s) -> report.append(p).append(' ').append(s).append('\n'));
    System.err.println("LocalityApp: " + lines + " lines; tasks:\n" + report);
    Path out = new Path(args[1]);
    try (OutputStream o = FileSystem.get(new Configuration()).create(out)) {
      o.write(report.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
