package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ExecutorLauncher;
import io.spindle.cluster.LocalClusterLauncher;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Whether the tasks of a lost executor count against {@code spindle.task.maxFailures} is the
 * launcher's answer ({@link ExecutorLauncher#lossCausedByApp}), as YARN's launcher gives it from the
 * container's exit status: here executor JVMs of a local cluster, each killed by the task it runs
 * (its first attempts halt the JVM), with a launcher that answers 100 ms later, as the
 * ResourceManager's report would.
 */
class LostExecutorCountingTest {
  static volatile int executors;
  static volatile boolean answer; // what the launcher says: was the loss the application's doing?
  static final List<String> LOSSES = new CopyOnWriteArrayList<>();

  /** Real executor processes (a local cluster's), whose losses are explained by {@link #answer}, late. */
  public static final class Factory implements TestLauncherClusterManager.Factory {
    @Override
    public String applicationId() {
      return "application_1700000000000_0044";
    }

    @Override
    public String driverHost() {
      return "127.0.0.1";
    }

    @Override
    public ExecutorLauncher create(io.spindle.config.Settings conf, byte[] secret) {
      LocalClusterLauncher local;
      try {
        local = new LocalClusterLauncher(executors, 1, 256, conf, applicationId(), secret,
            Files.createTempDirectory("spindle-loss-counting"), List.of());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ExecutorLauncher() {
        @Override
        public void launch(String driverHost, int driverPort) {
          local.launch(driverHost, driverPort);
        }

        @Override
        public int expectedExecutors() {
          return local.expectedExecutors();
        }

        @Override
        public int exitedExecutors() {
          return local.exitedExecutors();
        }

        @Override
        public void executorLost(String executorId, String why, boolean unresponsive) {
          LOSSES.add(executorId + (unresponsive ? " unresponsive" : " disconnected"));
        }

        @Override
        public CompletableFuture<Boolean> lossCausedByApp(String executorId) {
          boolean byApp = answer;
          return CompletableFuture.supplyAsync(() -> byApp,
              CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        }

        @Override
        public String diagnostics() {
          return local.diagnostics();
        }

        @Override
        public void close() {
          local.close();
        }
      };
    }
  }

  /** One task whose attempts before {@code survivingAttempt} halt the executor JVM running them. */
  private static List<SpindleListener.TaskInfo> run(int survivingAttempt) {
    List<SpindleListener.TaskInfo> tasks = new CopyOnWriteArrayList<>();
    SpindleConf conf = new SpindleConf(false).setMaster(TestLauncherClusterManager.master(Factory.class))
        .set("spindle.task.maxFailures", "2");
    try (SpindleContext ctx = new SpindleContext(conf)) {
      ctx.addListenerOnSchedulerThread(new TaskEnds(tasks));
      List<Integer> out = ctx.parallelize(List.of(1, 2, 3), 1).map(i -> {
        if (TaskContext.get().attemptNumber() < survivingAttempt) {
          Runtime.getRuntime().halt(3); // the executor process dies with its task
        }
        return i * 10;
      }).collect();
      assertEquals(List.of(10, 20, 30), out);
    }
    return tasks;
  }

  @Test
  void lossesTheClusterCausedAreRetriedPastMaxFailures() {
    executors = 3;
    answer = false;
    LOSSES.clear();
    List<SpindleListener.TaskInfo> tasks = run(2); // two losses, maxFailures 2: not counted, so a third attempt
    List<SpindleListener.TaskInfo> failed = tasks.stream().filter(t -> !t.succeeded()).toList();
    assertEquals(2, failed.size(), tasks.toString());
    failed.forEach(t -> assertTrue(t.failure().contains("its connection to the driver closed (the cluster's doing: "
        + "not counted as a task failure)"), t.failure()));
    assertEquals(2, tasks.stream().filter(SpindleListener.TaskInfo::succeeded).findFirst().orElseThrow().attemptNumber());
    assertEquals(2, LOSSES.size(), LOSSES.toString());
    assertTrue(LOSSES.stream().allMatch(l -> l.endsWith(" disconnected")), LOSSES.toString());
  }

  @Test
  void lossesTheApplicationCausedCountAndFailTheJob() {
    executors = 2;
    answer = true;
    LOSSES.clear();
    SpindleException e = assertThrows(SpindleException.class, () -> run(2));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("failed 2 times"), message);
    assertTrue(message.contains("its connection to the driver closed"), message);
    assertTrue(!message.contains("not counted"), message);
  }
}
