package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Args: output dir, container-id suffix, executors to wait for. Every task of the saved job fails
 * when it runs in the container whose id ends with the suffix (test-controlled: the executor there
 * is "bad"), and succeeds elsewhere. A warm-up job first brings the executors up (YARN starts them
 * on demand); the saved job starts once all registered, so the bad one gets tasks.
 */
public final class ExcludeOnFailureApp {
  private ExcludeOnFailureApp() {}

  public static void main(String[] args) throws InterruptedException {
    String out = args[0];
    String badSuffix = args[1];
    int executors = Integer.parseInt(args[2]);
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("exclude-on-failure"))) {
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
      List<Integer> data = new ArrayList<>();
      for (int i = 1; i <= 2000; i++) {
        data.add(i);
      }
      // The bad executor must fail two tasks of the stage to be excluded for it. A good task waits at its
      // start until two failures are on record (HDFS marker files), at most a minute: the bad executor is
      // then offered pending tasks while the good one is busy, whatever the two JVMs' speeds (a fixed
      // pause per task was not enough when the bad executor came up last on a loaded machine).
      String failures = out + "-failures";
      ctx.parallelize(data, 8).map(x -> {
        String container = System.getenv("CONTAINER_ID");
        FileSystem fs = FileSystem.get(new Configuration());
        if (container != null && container.endsWith(badSuffix)) {
          TaskContext tc = TaskContext.get();
          fs.create(new Path(failures, tc.partitionId() + "-" + tc.attemptNumber())).close();
          throw new IllegalStateException("test-controlled failure in container " + container);
        }
        if (x % 250 == 1) {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          Path marks = new Path(failures);
          while ((!fs.exists(marks) || fs.listStatus(marks).length < 2) && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
        }
        return "v" + x;
      }).saveAsTextFile(out);
    }
  }
}
