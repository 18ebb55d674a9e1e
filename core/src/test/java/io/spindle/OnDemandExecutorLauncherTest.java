package io.spindle;

import io.spindle.cluster.Master;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ExecutorLauncher;
import io.spindle.cluster.ExecutorLauncherFactory;
import io.spindle.scheduler.ExecutorDemand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher that starts executors on demand (as YARN's does): the context starts without waiting
 * for executors, a job whose input is missing fails before any demand reaches the launcher, and a
 * job's first task set hands the launcher its pending tasks and their preferred hosts.
 */
class OnDemandExecutorLauncherTest {
  static final List<ExecutorDemand> DEMANDS = new CopyOnWriteArrayList<>();
  static final List<String> RACKS_ASKED = new CopyOnWriteArrayList<>();

  /** Starts nothing, records every demand; expects 5 executors it never starts. */
  public static final class RecordingFactory implements ExecutorLauncherFactory {
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

  @AfterEach
  void clearProperties() {
    System.clearProperty(Master.IN_APPLICATION_MASTER);
    System.clearProperty(ExecutorLauncherFactory.PROPERTY);
  }

  @Test
  void executorsAreAskedForOnlyOnceAJobHasPendingTasks(@TempDir Path dir) throws Exception {
    DEMANDS.clear();
    System.setProperty(Master.IN_APPLICATION_MASTER, "true");
    System.setProperty(ExecutorLauncherFactory.PROPERTY, RecordingFactory.class.getName());
    Path input = Files.writeString(dir.resolve("in.txt"), "a\nb\nc\n");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("yarn"))) {
      assertEquals(10, ctx.defaultParallelism(), "the executors to come count for the default parallelism");
      // start() did not wait for the 5 executors; a missing input fails before any task set exists.
      assertThrows(RuntimeException.class, () -> ctx.textFile(dir.resolve("missing").toString()).count());
      Thread.sleep(1200); // the backend's once-a-second check runs with nothing pending
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
      long deadline = System.currentTimeMillis() + 10_000;
      while (DEMANDS.stream().allMatch(ExecutorDemand::isEmpty)) {
        assertTrue(System.currentTimeMillis() < deadline, "no demand reached the launcher");
        Thread.sleep(20);
      }
      ExecutorDemand first = DEMANDS.stream().filter(d -> !d.isEmpty()).findFirst().orElseThrow();
      int splits = ctx.textFile(input.toString()).partitions().length;
      assertEquals(splits, first.pendingTasks());
      assertEquals(java.util.Map.of("localhost", splits), first.hostToPendingTasks(),
          "a local file's splits are on localhost");
    }
  }
}
