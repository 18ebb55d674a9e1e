package io.spindle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ExecutorLauncher;
import io.spindle.scheduler.ExecutorDemand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher that starts executors on demand (as YARN's does), from a cluster manager's deployment: the context starts without waiting
 * for executors, a job whose input is missing fails before any demand reaches the launcher, and a
 * job's first task set hands the launcher its pending tasks and their preferred hosts.
 */
class OnDemandExecutorLauncherTest {
  static final List<ExecutorDemand> DEMANDS = new CopyOnWriteArrayList<>();
  static final List<String> RACKS_ASKED = new CopyOnWriteArrayList<>();

  /** Starts nothing, records every demand; expects 5 executors it never starts. */
  public static final class RecordingFactory implements TestLauncherClusterManager.Factory {
    @Override
    public String applicationId() {
      return "application_1700000000000_0043";
    }

    @Override
    public String driverHost() {
      return "127.0.0.1";
    }

    @Override
    public ExecutorLauncher create(io.spindle.config.Settings conf, byte[] secret) {
      return new ExecutorLauncher() {
        @Override
        public void launch(String driverHost, int driverPort) {}

        @Override
        public boolean launchesOnDemand() {
          return true;
        }

        @Override
        public void demandChanged(ExecutorDemand demand) {
          DEMANDS.add(demand);
        }

        @Override
        public io.spindle.scheduler.RackResolver rackResolver() {
          return host -> {
            RACKS_ASKED.add(host);
            return null;
          };
        }

        @Override
        public int expectedTotalCores() {
          return 10;
        }

        @Override
        public String diagnostics() {
          return "";
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void executorsAreAskedForOnlyOnceAJobHasPendingTasks(@TempDir Path dir) throws Exception {
    DEMANDS.clear();
    Path input = Files.writeString(dir.resolve("in.txt"), "a\nb\nc\n");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster(TestLauncherClusterManager.master(RecordingFactory.class)))) {
      assertEquals(10, ctx.defaultParallelism(), "the executors to come count for the default parallelism");
      // start() did not wait for the 5 executors; a missing input fails before any task set exists.
      assertThrows(RuntimeException.class, () -> ctx.textFile(dir.resolve("missing").toString()).count());
      // The backend's once-a-second check runs with nothing pending: no demand for 1.2 s.
      await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5))
          .until(() -> DEMANDS.stream().allMatch(ExecutorDemand::isEmpty));
      assertTrue(DEMANDS.stream().allMatch(ExecutorDemand::isEmpty), DEMANDS.toString());

      Thread job = new Thread(() -> {
        try {
          ctx.textFile(input.toString()).count();
        } catch (RuntimeException expected) {
          // the context closes under it
        }
      });
      job.setDaemon(true);
      job.start();
      await("no demand reached the launcher").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> DEMANDS.stream().anyMatch(d -> !d.isEmpty()));
      ExecutorDemand first = DEMANDS.stream().filter(d -> !d.isEmpty()).findFirst().orElseThrow();
      int splits = ctx.textFile(input.toString()).partitions().length;
      assertEquals(splits, first.pendingTasks());
      assertEquals(java.util.Map.of("localhost", splits), first.hostToPendingTasks(),
          "a local file's splits are on localhost");
    }
  }
}
