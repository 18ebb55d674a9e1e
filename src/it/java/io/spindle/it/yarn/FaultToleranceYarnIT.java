package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.yarn.YarnItSupport.SubmitRun;
import io.spindle.it.yarn.apps.ExcludeOnFailureApp;
import io.spindle.it.yarn.apps.HungExecutorApp;
import io.spindle.it.yarn.apps.SpeculationApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exclusion and speculation on one MiniDFSCluster + MiniYARNCluster (2 NodeManagers with the
 * shuffle service), two executors of one core each, outputs compared with plain-Java references:
 * a task that fails only in one (test-chosen) executor's container succeeds on the other and
 * that executor is excluded for the stage (the AM's log says so); and the first attempt of one
 * partition sleeping far longer than the test gets a speculative copy on the other executor that
 * wins, {@code saveAsTextFile} publishing exactly one file per partition; an executor that hangs
 * (SIGSTOP: its container never ends, so YARN reports nothing) is dropped by the driver, its container
 * released and replaced after {@code spindle.yarn.executor.lossReportTimeout}. (YARN's node exclusion
 * after container launch failures, and its cap: LaunchFailureBlacklistIT.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceYarnIT {
  private static final String NAME = "FaultToleranceYarnIT";

  private MiniSpindleCluster cluster;
  private FileSystem fs;
  private Path appsJar;
  private String home;

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome();
    Path work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    cluster = MiniSpindleCluster.start(NAME, 2, work, 4096);
    fs = cluster.fileSystem();
    appsJar = buildJar("io/spindle/it/yarn/apps", work.resolve("fault-tolerance-apps.jar"));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aTaskFailingOnlyInOneExecutorSucceedsElsewhereAndThatExecutorIsExcludedForTheStage() throws Exception {
    String out = "/exclusion/out";
    SubmitRun run = submit(List.of("--num-executors", "2", "--executor-memory", "512m",
        "--conf", "spindle.executor.memoryOverhead=384m", "--conf", "spindle.excludeOnFailure.enabled=true",
        "--class", ExcludeOnFailureApp.class.getName(), appsJar.toString(), out, "_000002", "2"));
    String logs = amLogs(run.appId());
    assertEquals(0, run.code(), run.output() + logs);

    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 2000; i++) {
      expected.add("v" + i);
    }
    assertEquals(expected, partFiles(out, 8));

    Matcher bad = Pattern.compile("Starting executor (\\d+) in container \\S+_000002 on").matcher(logs);
    assertTrue(bad.find(), "no executor in container _000002:\n" + logs);
    String badExecutor = bad.group(1);
    Matcher attempts = Pattern.compile("after (\\d+) task attempts \\((\\d+) succeeded\\)").matcher(logs);
    assertTrue(attempts.find() && Integer.parseInt(attempts.group(1)) > Integer.parseInt(attempts.group(2)),
        "no task failed:\n" + logs);
    assertTrue(Pattern.compile("Executor " + badExecutor + " on \\S+ is excluded for stage \\d+\\.\\d+: ")
        .matcher(logs).find(), "executor " + badExecutor + " not excluded for the stage:\n" + logs);
    assertTrue(Pattern.compile("Executor " + badExecutor + " on \\S+ is excluded for the application")
        .matcher(logs).find(), "2 failed tasks in a stage that succeeded exclude it for the application:\n" + logs);
  }

  @Test
  void aSpeculativeCopyOfASlowAttemptWinsAndEachPartitionIsPublishedOnce() throws Exception {
    String out = "/speculation/out";
    String attemptsFile = "/speculation/attempts";
    long slowMs = 600_000;
    SubmitRun run = submit(List.of("--num-executors", "2", "--executor-memory", "512m",
        "--conf", "spindle.executor.memoryOverhead=384m", "--conf", "spindle.speculation=true",
        "--conf", "spindle.speculation.minTaskRuntime=1s",
        "--class", SpeculationApp.class.getName(), appsJar.toString(), out, "2", Long.toString(slowMs), "2", attemptsFile));
    String logs = amLogs(run.appId());
    assertEquals(0, run.code(), run.output() + logs);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      expected.add("line " + i + " ü");
    }
    assertEquals(expected, partFiles(out, 4));
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(out))) {
      names.add(s.getPath().getName());
    }
    names.sort(null);
    assertEquals(List.of("_SUCCESS", "part-00000", "part-00001", "part-00002", "part-00003"), names,
        "exactly one file per partition, nothing left in _temporary");
    // The copy won (not a clock: the first attempt sleeps ten minutes): the slow partition's one
    // success is a later attempt.
    List<String> attempts = readLines(attemptsFile);
    assertEquals(1, attempts.stream().filter(a -> a.endsWith(" succeeded")).count(), attempts + "\n" + logs);
    assertTrue(attempts.stream().anyMatch(a -> a.endsWith(" succeeded") && !a.equals("attempt 0 succeeded")),
        "the copy won: " + attempts + "\n" + logs);
    assertTrue(logs.contains("Launching a speculative copy of task 2 of stage"), logs);
  }

  /**
   * The only executor hangs in its first task (stopped with SIGSTOP, as a machine thrashing or a JVM
   * stuck in GC): its heartbeats stop, the driver drops it after spindle.network.timeoutMs, and YARN
   * reports nothing, since its container runs on. Without a replacement the job would wait forever;
   * after spindle.yarn.executor.lossReportTimeout the AM releases the container (its NodeManager kills
   * the process) and starts another executor, which runs every task.
   */
  @Test
  void aHungExecutorIsDroppedAndItsContainerReleasedAndReplaced() throws Exception {
    String dir = "/hung";
    fs.mkdirs(new org.apache.hadoop.fs.Path(dir));
    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "1", "--executor-memory",
        "512m", "--conf", "spindle.executor.memoryOverhead=384m", "--conf", "spindle.network.timeoutMs=6000",
        "--conf", "spindle.yarn.executor.lossReportTimeout=5s",
        "--class", HungExecutorApp.class.getName(), appsJar.toString(), dir)));
    submitter.start();
    org.apache.hadoop.fs.Path pidFile = new org.apache.hadoop.fs.Path(dir, "pid");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(4))
        .until(() -> fs.exists(pidFile) || !submitter.isAlive());
    assertTrue(fs.exists(pidFile), "no task ran: " + (result[0] == null ? "" : result[0].output()));
    long pid = Long.parseLong(readLines(pidFile.toString()).get(0).trim());
    try {
      assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(pid)).inheritIO().start().waitFor());
      try (var o = fs.create(new org.apache.hadoop.fs.Path(dir, "go"))) {
        o.write(new byte[] {1});
      }
      submitter.join(java.time.Duration.ofMinutes(3).toMillis());
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // if its NodeManager did not
    }
    SubmitRun run = result[0];
    assertTrue(run != null, "the application did not end within 3 minutes of its executor hanging");
    String logs = amLogs(run.appId());
    assertEquals(0, run.code(), run.output() + logs);
    assertEquals(List.of(Long.toString(4000L * 4001 / 2)), readLines(dir + "/result"));
    List<String> tasks = readLines(dir + "/tasks").stream().sorted().toList();
    assertEquals(List.of("0 2", "1 2", "2 2", "3 2"), tasks, "every task on the replacement\n" + logs);
    assertTrue(logs.contains("Lost executor 1: no heartbeat for"), logs);
    assertTrue(Pattern.compile("Executor 1 was lost \\(no heartbeat for \\d+ ms \\(spindle.network.timeoutMs\\)\\) and the "
        + "ResourceManager did "
        + "not report its container \\S+ on \\S+ ended within spindle.yarn.executor.lossReportTimeout=5000 ms")
        .matcher(logs).find(), logs);
    assertTrue(logs.contains("Starting executor 2 in container"), logs);
    // Its running task failed once, counted: a stuck executor is taken for the application's doing
    // (a closed connection without YARN's report would be the cluster's).
    List<String> failures = readLines(dir + "/failures");
    assertEquals(1, failures.size(), failures + "\n" + logs);
    assertTrue(failures.get(0).matches("\\d 1 .*Executor 1 was lost: no heartbeat for \\d+ ms.*"), failures.get(0));
    assertFalse(failures.get(0).contains("not counted"), failures.get(0));
  }

  // ---- helpers

  private List<String> partFiles(String out, int partitions) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      lines.addAll(readLines(new org.apache.hadoop.fs.Path(out, String.format("part-%05d", p)).toString()));
    }
    return lines;
  }

  private List<String> readLines(String file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(new org.apache.hadoop.fs.Path(file)),
        StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  private SubmitRun submit(List<String> args) {
    return YarnItSupport.submit(home, 1, cluster.confDir(), java.time.Duration.ofMinutes(10), args);
  }

  /** The AM container's stderr (the driver's log) as the NodeManagers keep it. */
  private static String amLogs(ApplicationId appId) {
    return AmLogs.of(NAME, appId);
  }
}
