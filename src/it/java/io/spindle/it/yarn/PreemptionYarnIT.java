package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.awaitOrFail;
import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.yarn.YarnItSupport.SubmitRun;
import io.spindle.it.yarn.apps.PreemptedApp;
import io.spindle.it.yarn.apps.SumApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A shared cluster's preemption: a MiniYARNCluster of 2 NodeManagers (4 GiB each) whose
 * CapacityScheduler has two queues of 50% each, both allowed to grow to 100%, and the preemption
 * monitor on (ProportionalCapacityPreemptionPolicy, checking every 0.5 s, killing 0.5 s after asking).
 * An application in queue {@code a} runs 4 executors (6.5 GiB with its AM: more than its half); one in
 * queue {@code b} then asks for an AM of 2.5 GiB, which fits nowhere until YARN preempts executors of
 * the first. The first application runs with {@code spindle.task.maxFailures=1}: its tasks lost with the
 * preempted executors must not count (the cluster's doing), or its job fails at the first one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreemptionYarnIT {
  private static final String NAME = "PreemptionYarnIT";
  private static final String CS = "yarn.scheduler.capacity.";

  private MiniSpindleCluster cluster;
  private YarnClient yarn;
  private FileSystem fs;
  private Path appsJar;
  private String home;

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome();
    Path work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    cluster = MiniSpindleCluster.start(NAME, 2, work, 4096, conf -> {
      conf.set(CS + "root.queues", "a,b");
      for (String queue : List.of("a", "b")) {
        conf.set(CS + "root." + queue + ".capacity", "50");
        conf.set(CS + "root." + queue + ".maximum-capacity", "100");
        conf.set(CS + "root." + queue + ".user-limit-factor", "2"); // one user may take the whole cluster
      }
      conf.setFloat(CS + "maximum-am-resource-percent", 0.5f);
      conf.setBoolean(YarnConfiguration.RM_SCHEDULER_ENABLE_MONITORS, true);
      conf.set(YarnConfiguration.RM_SCHEDULER_MONITOR_POLICIES,
          "org.apache.hadoop.yarn.server.resourcemanager.monitor.capacity.ProportionalCapacityPreemptionPolicy");
      String preemption = "yarn.resourcemanager.monitor.capacity.preemption.";
      conf.setLong(preemption + "monitoring_interval", 500);
      conf.setLong(preemption + "max_wait_before_kill", 500);
      conf.setFloat(preemption + "total_preemption_per_round", 1.0f);
      conf.setFloat(preemption + "natural_termination_factor", 1.0f);
      conf.setFloat(preemption + "max_ignored_over_capacity", 0f);
      // Free the node where queue b's AM is reserved, not just any node: without it YARN once kept that AM
      // reserved on a node the preemption did not touch while the first application's replacement
      // executors took the space freed elsewhere (ACCEPTED for 300 s).
      conf.setBoolean(preemption + "select_based_on_reserved_containers", true);
    }, yarnCluster -> { });
    fs = cluster.fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(cluster.yarnConf());
    yarn.start();
    appsJar = buildJar("io/spindle/it/yarn/apps", work.resolve("preemption-apps.jar"));
  }

  @AfterAll
  void stop() {
    if (yarn != null) {
      yarn.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void tasksLostWithPreemptedExecutorsDoNotCountAgainstMaxFailures() throws Exception {
    String dir = "/preempted";
    SubmitRun[] first = new SubmitRun[1];
    Thread submitter = new Thread(() -> first[0] = submit("--queue", "a", "--num-executors", "4",
        "--executor-memory", "1152m", "--conf", "spindle.executor.memoryOverhead=384m",
        "--conf", "spindle.task.maxFailures=1",
        "--class", PreemptedApp.class.getName(), appsJar.toString(), dir));
    submitter.start();
    org.apache.hadoop.fs.Path started = new org.apache.hadoop.fs.Path(dir, "started");
    awaitOrFail(Duration.ofMinutes(4), () -> startedTasks(started) >= 4 || !submitter.isAlive(),
        () -> "the 4 executors did not all run a task: " + (first[0] == null ? "" : first[0].describe(NAME)));
    ApplicationReport a = yarn.getApplications().stream()
        .filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING).findFirst().orElseThrow();

    // Queue b's AM (1152m heap + 384m, an executor's size) fits on no NodeManager until YARN preempts an
    // executor of queue a, and then on whichever node that was.
    SubmitRun second = submit("--queue", "b", "--num-executors", "0", "--driver-memory", "1152m",
        "--conf", "spindle.driver.memoryOverhead=384m", "--class", SumApp.class.getName(), appsJar.toString(), "1000");
    assertEquals(0, second.code(), second.describe(NAME));
    try (var o = fs.create(new org.apache.hadoop.fs.Path(dir, "release"))) {
      o.write(new byte[] {1});
    }
    submitter.join(Duration.ofMinutes(3).toMillis());
    SubmitRun run = first[0];
    assertTrue(run != null, "the first application did not end\n" + AmLogs.of(NAME, a.getApplicationId()));
    String logs = AmLogs.of(NAME, run.appId());
    assertEquals(0, run.code(), run.describe(NAME));
    assertEquals(List.of(Long.toString(8000L * 8001 / 2)), readLines(new org.apache.hadoop.fs.Path(dir, "result")));
    assertTrue(logs.contains("preempted by the ResourceManager"), "YARN preempted executors of queue a:\n" + logs);
    List<String> failures = readLines(new org.apache.hadoop.fs.Path(dir, "failures"));
    assertFalse(failures.isEmpty() || failures.get(0).isBlank(), "tasks were lost with them:\n" + logs);
    for (String failure : failures) {
      assertTrue(failure.contains("(the cluster's doing: not counted as a task failure)"), failures + "\n" + logs);
    }
  }

  private int startedTasks(org.apache.hadoop.fs.Path started) throws IOException {
    return fs.exists(started) ? (int) java.util.Arrays.stream(fs.listStatus(started))
        .filter(s -> !s.getPath().getName().endsWith(".tmp")).count() : 0;
  }

  private List<String> readLines(org.apache.hadoop.fs.Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  private SubmitRun submit(String... args) {
    return YarnItSupport.submit(home, 1, cluster.confDir(), Duration.ofMinutes(8), List.of(args));
  }
}
