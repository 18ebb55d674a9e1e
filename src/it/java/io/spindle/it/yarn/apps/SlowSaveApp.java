package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * saveAsTextFile of 1..1000 (4 partitions) to {@code args[0]}; each task waits (at most 120 s) for
 * the file {@code args[1]} to exist before it writes, so a test can kill the AM while the output
 * holds only {@code _temporary/}.
 */
public final class SlowSaveApp {
  private SlowSaveApp() {}

  public static void main(String[] args) {
    String gate = args[1];
    List<Integer> values = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      values.add(i);
    }
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("slow-save"))) {
      ctx.parallelize(values, 4).map(v -> {
        Path go = new Path(gate);
        FileSystem fs = go.getFileSystem(new org.apache.hadoop.conf.Configuration());
        long deadline = System.currentTimeMillis() + 120_000;
        while (!fs.exists(go) && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        return "n=" + v;
      }).saveAsTextFile(args[0]);
    }
  }
}
