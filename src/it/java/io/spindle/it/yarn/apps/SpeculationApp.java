package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Args: output dir, the slow partition, how long its first attempt sleeps (ms), executors to wait
 * for, a file for the save job's duration (ms). The first attempt of the slow partition sleeps
 * (test-controlled straggler); every other attempt is quick. Writes the save job's wall time.
 */
public final class SpeculationApp {
  private SpeculationApp() {}

  public static void main(String[] args) throws Exception {
    String out = args[0];
    int slow = Integer.parseInt(args[1]);
    long sleepMs = Long.parseLong(args[2]);
    int executors = Integer.parseInt(args[3]);
    Path took = new Path(args[4]);
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("speculation"))) {
      CountDownLatch registered = new CountDownLatch(executors);
      ctx.addListener(new SpindleListener() {
        @Override
        public void onExecutorAdded(ExecutorInfo executor) {
          registered.countDown();
        }
      });
      ctx.parallelize(List.of(1, 2), 2).count();
      if (!registered.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not all " + executors + " executors registered");
      }
      List<String> data = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        data.add("line " + i + " ü");
      }
      long start = System.nanoTime();
      ctx.parallelize(data, 4).map(s -> {
        TaskContext tc = TaskContext.get();
        if (tc.partitionId() == slow && tc.attemptNumber() == 0) {
          Thread.sleep(sleepMs);
        }
        return s;
      }).saveAsTextFile(out);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.err.println("SpeculationApp: the save job took " + ms + " ms");
      try (FSDataOutputStream o = FileSystem.get(new Configuration()).create(took)) {
        o.write(Long.toString(ms).getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
