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
 * for, a file for the slow partition's attempts. The first attempt of the slow partition sleeps
 * (test-controlled straggler); every other attempt is quick. Writes one line per ended attempt of
 * the slow partition in the save job, {@code attempt <n> succeeded|failed}, as the listener bus
 * heard them.
 */
public final class SpeculationApp {
  private SpeculationApp() {}

  public static void main(String[] args) throws Exception {
    String out = args[0];
    int slow = Integer.parseInt(args[1]);
    long sleepMs = Long.parseLong(args[2]);
    int executors = Integer.parseInt(args[3]);
    Path attemptsFile = new Path(args[4]);
    List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("speculation"))) {
      CountDownLatch registered = new CountDownLatch(executors);
      ctx.addListener(new SpindleListener() {
        @Override
        public void onExecutorAdded(ExecutorInfo executor) {
          registered.countDown();
        }

        @Override
        public void onTaskEnd(TaskInfo task) {
          if (task.partition() == slow) { // the first job has partitions 0 and 1 only
            attempts.add("attempt " + task.attemptNumber() + (task.succeeded() ? " succeeded" : " failed"));
          }
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
      if (!ctx.waitForListeners(60_000)) {
        throw new IllegalStateException("the listener bus did not drain");
      }
      try (FSDataOutputStream o = FileSystem.get(new Configuration()).create(attemptsFile)) {
        o.write(String.join("\n", attempts).getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
