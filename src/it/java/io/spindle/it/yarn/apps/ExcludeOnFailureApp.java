package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
      ctx.parallelize(data, 8).map(x -> {
        String container = System.getenv("CONTAINER_ID");
        if (container != null && container.endsWith(badSuffix)) {
          throw new IllegalStateException("test-controlled failure in container " + container);
        }
        if (x % 250 == 1) {
          Thread.sleep(300); // each partition takes a moment, so the bad executor is offered tasks too
        }
        return "v" + x;
      }).saveAsTextFile(out);
    }
  }
}
