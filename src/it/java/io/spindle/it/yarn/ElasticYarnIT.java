package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.awaitOrFail;
import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.yarn.YarnItSupport.SubmitRun;
import io.spindle.it.yarn.apps.CachedIdleApp;
import io.spindle.it.yarn.apps.DynamicAllocationApp;
import io.spindle.it.yarn.apps.NodeLossApp;
import io.spindle.it.yarn.apps.SlowSaveApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failures a production queue sees, on one MiniDFSCluster + MiniYARNCluster of 3 NodeManagers
 * (4 GiB each: two executors of 1536m + 384m fit on one, or one beside the AM) running the
 * shuffle service: an ApplicationMaster killed while its output holds only {@code _temporary/} (the
 * rerun of the same command must succeed), dynamic allocation growing to maxExecutors and
 * releasing idle executors whose map outputs a later job still reads, and a NodeManager stopped in the
 * middle of a job's reduce stage (only its maps rerun, one resubmission, exact output, and the
 * application ends promptly instead of waiting minutes on the dead NodeManager). The NodeManager test stops one, so it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElasticYarnIT {
  private static final String NAME = "ElasticYarnIT";

  private MiniSpindleCluster cluster;
  private YarnClient yarn;
  private FileSystem fs;
  private Path appsJar;
  private String home;

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome();
    Path work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    // A stopped NodeManager is declared lost after 20 s instead of YARN's 10 minutes: only then does the
    // ResourceManager report its containers ended, and only then are executors lost with it replaced.
    // When both executors of the node-loss test land on the stopped node, that report is what lets the
    // job go on (with the default it waited past the test's limit: a clean-clone CI run on 2026-12-05).
    cluster = MiniSpindleCluster.start(NAME, 3, work, 4096,
        conf -> conf.setLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS, 20_000), yarnCluster -> { });
    fs = cluster.fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(cluster.yarnConf());
    yarn.start();
    appsJar = buildJar("io/spindle/it/yarn/apps", work.resolve("elastic-apps.jar"));
  }

  @org.junit.jupiter.api.AfterEach
  void killLeftovers() throws Exception {
    for (ApplicationReport r : yarn.getApplications()) {
      if (r.getYarnApplicationState() == YarnApplicationState.RUNNING
          || r.getYarnApplicationState() == YarnApplicationState.ACCEPTED) {
        yarn.killApplication(r.getApplicationId());
      }
    }
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
  @Order(1)
  void anApplicationThatEndsFailedLeavesNoTemporaryDirAndTheSameCommandThenSucceeds() throws Exception {
    String out = "/killed-save/out";
    String gate = "/killed-save/go";
    List<String> command = List.of("--num-executors", "0", "--class", SlowSaveApp.class.getName(),
        appsJar.toString(), out, gate);
    SubmitRun[] first = new SubmitRun[1];
    Thread submitter = new Thread(() -> first[0] = submit(command));
    submitter.start();
    org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(out, "_temporary");
    // Generous: the first application localizes ~120 framework jars, slow on a loaded 2-core CI machine.
    awaitOrFail(Duration.ofSeconds(420), () -> fs.exists(temporary) || !submitter.isAlive(),
        () -> "the job never started writing " + out);
    ApplicationId appId = running();
    killAmJvm(appId); // as a container kill or a lost node would: nothing in the AM runs its abort
    submitter.join(720_000);
    SubmitRun run = first[0];
    assertTrue(run.code() != 0, run.output());
    assertEquals(FinalApplicationStatus.FAILED, yarn.getApplicationReport(appId).getFinalApplicationStatus());
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out)), "no _temporary/ (nor empty dir) left:\n" + run.output());
    assertTrue(run.output().contains("removed the uncommitted output"), run.output());

    fs.create(new org.apache.hadoop.fs.Path(gate)).close();
    SubmitRun again = submit(command);
    assertEquals(0, again.code(), again.output());
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      expected.add("n=" + i);
    }
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      lines.addAll(readLines(new org.apache.hadoop.fs.Path(out, String.format("part-%05d", p))));
    }
    assertEquals(expected, lines);
    assertEquals(5, fs.listStatus(new org.apache.hadoop.fs.Path(out)).length, "4 part files and _SUCCESS");
  }

  @Test
  @Order(2)
  void dynamicAllocationGrowsToMaxExecutorsThenReleasesIdleOnesWhoseShuffleOutputStaysReadable() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/dynamic-allocation");
    fs.mkdirs(dir);
    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--executor-memory", "512m",
        "--conf", "spindle.executor.memoryOverhead=384m", "--conf", "spindle.dynamicAllocation.enabled=true",
        "--conf", "spindle.dynamicAllocation.minExecutors=1", "--conf", "spindle.dynamicAllocation.maxExecutors=3",
        "--conf", "spindle.dynamicAllocation.executorIdleTimeout=5s",
        "--class", DynamicAllocationApp.class.getName(), appsJar.toString(), dir.toString())));
    submitter.start();
    awaitOrFail(Duration.ofSeconds(420), () -> runningOrNull() != null, () -> "never RUNNING");
    ApplicationId appId = runningOrNull();
    int[] most = new int[1];
    org.apache.hadoop.fs.Path idle = new org.apache.hadoop.fs.Path(dir, "idle");
    awaitOrFail(Duration.ofSeconds(240), () -> {
      most[0] = Math.max(most[0], executorContainers(appId));
      return fs.exists(idle) || !submitter.isAlive();
    }, () -> "job 1 never finished");
    // The RM's count may briefly include surplus containers it granted while a satisfied request was being
    // removed (the AM releases them at once, "Releasing surplus container" in its log); the executors the
    // AM runs are the measure of maxExecutors.
    assertTrue(most[0] >= 3, "executor containers rose to maxExecutors: " + most[0]);
    Matcher starts = Pattern.compile("Starting executor \\d+ in container").matcher(amLogs(appId));
    int started = 0;
    while (starts.find()) {
      started++;
    }
    assertEquals(3, started, "executors started: maxExecutors, never more\n" + amLogs(appId));
    // Executor JVMs may register long after their containers were allocated on a loaded machine, and only
    // registered executors can be idle; so the wait is long, and the timing is checked in the AM's log below.
    awaitOrFail(Duration.ofSeconds(180), () -> executorContainers(appId) == 1,
        () -> "executor containers did not fall to minExecutors: " + executorContainers(appId) + amLogs(appId));
    fs.create(new org.apache.hadoop.fs.Path(dir, "go")).close();
    submitter.join(150_000);
    SubmitRun run = result[0];
    assertTrue(run != null && run.code() == 0, run == null ? "no result after the NodeManager stopped\n" + amLogs(appId)
        : run.describe(NAME));
    String logs = amLogs(appId);
    assertTrue(logs.contains("DynamicAllocationApp: maps ran on executors"), logs);
    // Each release came within executorIdleTimeout (5 s) + slack of the moment the executor was idle: the
    // later of job 1's end and its registration (log timestamps have seconds).
    java.time.LocalTime jobEnd = logTime(logs, "Job 0 finished");
    Matcher released = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d) INFO ClusterBackend: Releasing idle executor (\\d+)")
        .matcher(logs);
    int releases = 0;
    while (released.find()) {
      releases++;
      java.time.LocalTime at = java.time.LocalTime.parse(released.group(1));
      java.time.LocalTime registered = logTime(logs, "Executor " + released.group(2) + " registered");
      java.time.LocalTime idleFrom = registered.isAfter(jobEnd) ? registered : jobEnd;
      long seconds = Duration.between(idleFrom, at).getSeconds();
      assertTrue(seconds >= 4 && seconds <= 5 + 10, "executor " + released.group(2) + " released " + seconds
          + " s after it became idle\n" + logs);
    }
    assertEquals(2, releases, "from maxExecutors (3) to minExecutors (1): " + logs);
  }

  /**
   * cachedExecutorIdleTimeout: an idle executor whose block report says it holds a cached
   * partition stays past executorIdleTimeout (3 s) while the cached timeout (20 s) has not passed,
   * and is released once it has. One executor keeps the test lean; the choice between a holder
   * and a non-holder is the policy's, unit-tested in DynamicAllocationPolicyTest and
   * YarnExecutorLauncherTest. Waits for YARN on a loaded machine, hence the longer timeout.
   */
  @Test
  @Order(2)
  @org.junit.jupiter.api.Timeout(value = 8, unit = TimeUnit.MINUTES)
  void anExecutorHoldingACachedRddIsKeptUntilTheCachedIdleTimeout() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/cached-idle");
    fs.mkdirs(dir);
    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "1", "--executor-memory",
        "512m", "--conf", "spindle.executor.memoryOverhead=384m", "--conf", "spindle.dynamicAllocation.enabled=true",
        "--conf", "spindle.dynamicAllocation.maxExecutors=1",
        "--conf", "spindle.dynamicAllocation.executorIdleTimeout=3s",
        "--conf", "spindle.dynamicAllocation.cachedExecutorIdleTimeout=20s",
        "--class", CachedIdleApp.class.getName(), appsJar.toString(), dir.toString())));
    submitter.start();
    awaitOrFail(Duration.ofSeconds(360), () -> runningOrNull() != null, () -> "never RUNNING");
    ApplicationId appId = runningOrNull();
    org.apache.hadoop.fs.Path idle = new org.apache.hadoop.fs.Path(dir, "idle");
    awaitOrFail(Duration.ofSeconds(300), () -> fs.exists(idle) || !submitter.isAlive(), () -> "the job never finished");
    String holder;
    try (java.io.InputStream in = fs.open(idle)) {
      holder = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(holder.matches("\\d+"), "one executor ran the one cached partition: " + holder);
    // While it is kept: the AM's status API shows the executor's cached partition (its block report)
    // and links to its container's logs, which the NodeManager serves.
    String api = yarn.getApplicationReport(appId).getOriginalTrackingUrl().replaceAll("/+$", "")
        + "/api/v1/applications/" + appId;
    String storage = httpGet(api + "/storage/rdd");
    assertTrue(storage.contains("\"numPartitions\":1") && storage.contains("\"numCachedPartitions\":1"), storage);
    Matcher used = Pattern.compile("\"memoryUsed\":(\\d+)").matcher(storage);
    assertTrue(used.find() && Long.parseLong(used.group(1)) >= 1000 * 16L, "1000 boxed Integers: " + storage);
    String executors = httpGet(api + "/executors");
    Matcher stderr = Pattern.compile("\"stderr\":\"(http://[^\"]+/node/containerlogs/container_[^\"]+/stderr"
        + "\\?start=-4096)\"").matcher(executors);
    assertTrue(stderr.find(), "executor log links: " + executors);
    assertFalse(httpGet(stderr.group(1)).isBlank(), "the NodeManager serves the linked log");
    awaitOrFail(Duration.ofSeconds(120), () -> executorContainers(appId) == 0,
        () -> "the idle executor was not released: " + executorContainers(appId) + amLogs(appId));
    fs.create(new org.apache.hadoop.fs.Path(dir, "go")).close();
    submitter.join(120_000);
    SubmitRun run = result[0];
    assertTrue(run != null && run.code() == 0, run == null ? "no result" : run.describe(NAME));
    String logs = amLogs(appId);
    assertTrue(logs.contains("CachedIdleApp: the cached partition was on executor [" + holder + "]"), logs);
    java.time.LocalTime jobEnd = logTime(logs, "Job 0 finished");
    java.time.LocalTime releasedAt = logTime(logs, "Releasing idle executor " + holder);
    long idleSeconds = Duration.between(jobEnd, releasedAt).getSeconds();
    assertTrue(idleSeconds >= 19 && idleSeconds <= 20 + 10, "the executor holding the cached partition was released "
        + idleSeconds + " s after it became idle (executorIdleTimeout 3 s, cachedExecutorIdleTimeout 20 s)\n" + logs);
    assertTrue(logs.contains("executor " + holder + " released: idle for spindle.dynamicAllocation"
        + ".cachedExecutorIdleTimeout"), "the release names the cached timeout\n" + logs);
  }

  private static String httpGet(String url) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build()
        .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r.body();
  }

  /** The time of the first AM log line containing {@code text}. */
  private static java.time.LocalTime logTime(String logs, String text) {
    for (String line : logs.split("\n")) {
      if (line.contains(text) && line.length() > 8) {
        return java.time.LocalTime.parse(line.substring(0, 8));
      }
    }
    throw new AssertionError("no '" + text + "' in the AM's log:\n" + logs);
  }

  /** Executor containers the ResourceManager has allocated to the application now (its AM's aside). */
  private int executorContainers(ApplicationId appId) {
    try {
      return yarn.getApplicationReport(appId).getApplicationResourceUsageReport().getNumUsedContainers() - 1;
    } catch (Exception e) {
      return -1;
    }
  }

  /*
   * Its waits fit in its own timeout, so that a run that hangs fails with the AM's log rather than be
   * cut off by JUnit's default (5 min) with none: it timed out once in a clean-clone CI run, cause unknown.
   */
  @Test
  @Order(3)
  @org.junit.jupiter.api.Timeout(value = 7, unit = TimeUnit.MINUTES)
  void aNodeManagerLostDuringTheReduceStageCostsOnlyItsMapsAndDoesNotDelayTheApplicationsEnd() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/node-loss");
    fs.mkdirs(dir);
    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "2",
        "--executor-memory", "1536m", "--conf", "spindle.executor.memoryOverhead=384m",
        "--class", NodeLossApp.class.getName(), appsJar.toString(), dir.toString())));
    submitter.start();
    org.apache.hadoop.fs.Path maps = new org.apache.hadoop.fs.Path(dir, "maps");
    awaitOrFail(Duration.ofSeconds(240), () -> fs.exists(maps) || !submitter.isAlive(),
        () -> "the map stage never finished: " + (result[0] == null ? "" : result[0].output())
            + amLogsOfRunning());
    ApplicationId appId = running();
    Map<Integer, String> mapExecutor = new TreeMap<>();
    for (String line : readLines(maps)) {
      String[] f = line.trim().split(" ");
      mapExecutor.put(Integer.parseInt(f[0]), f[1]);
    }
    assertEquals(12, mapExecutor.size(), mapExecutor.toString());

    // Executor -> NodeManager from the AM's log; the AM's own NodeManager is never the victim.
    Map<String, String> executorNode = new HashMap<>();
    Matcher started = Pattern.compile("Starting executor (\\d+) in container (\\S+) on (\\S+)")
        .matcher(amLogs(appId));
    while (started.find()) {
      executorNode.put(started.group(1), started.group(3));
    }
    ContainerId amContainer = yarn.getApplicationAttemptReport(yarn.getApplicationReport(appId)
        .getCurrentApplicationAttemptId()).getAMContainerId();
    NodeManager victim = null;
    String victimNode = null;
    for (int i = 0; i < 3 && victim == null; i++) {
      NodeManager nm = cluster.yarn().getNodeManager(i);
      String node = nm.getNMContext().getNodeId().toString();
      if (!nm.getNMContext().getContainers().containsKey(amContainer) && mapExecutor.values().stream()
          .anyMatch(e -> node.equals(executorNode.get(e)))) {
        victim = nm;
        victimNode = node;
      }
    }
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      NodeManager nm = cluster.yarn().getNodeManager(i);
      nodes.append(nm.getNMContext().getNodeId()).append(nm.getNMContext().getContainers().containsKey(amContainer)
          ? " (AM) " : " ");
    }
    assertTrue(victim != null, "no NodeManager without the AM ran maps: executors " + executorNode + ", maps "
        + mapExecutor + ", NodeManagers " + nodes);
    Set<String> lostExecutors = new TreeSet<>();
    for (Map.Entry<String, String> e : executorNode.entrySet()) {
      if (e.getValue().equals(victimNode)) {
        lostExecutors.add(e.getKey());
      }
    }
    Set<Integer> lostMaps = new TreeSet<>();
    mapExecutor.forEach((partition, executor) -> {
      if (lostExecutors.contains(executor)) {
        lostMaps.add(partition);
      }
    });
    victim.stop();
    try (var o = fs.create(new org.apache.hadoop.fs.Path(dir, "stopped"))) {
      o.write(String.join(",", lostExecutors).getBytes(StandardCharsets.UTF_8));
    }

    submitter.join(150_000);
    SubmitRun run = result[0];
    assertTrue(run != null && run.code() == 0, run == null ? "no result after the NodeManager stopped\n" + amLogs(appId)
        : run.describe(NAME));
    ApplicationReport report = yarn.getApplicationReport(appId);
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    Map<Integer, Long> expected = new TreeMap<>();
    for (long v = 1; v <= 12_000; v++) {
      expected.merge((int) (v % 60), v, Long::sum);
    }
    Map<Integer, Long> actual = new TreeMap<>();
    for (String line : readLines(new org.apache.hadoop.fs.Path(dir, "result"))) {
      String[] f = line.split("\t");
      actual.put(Integer.parseInt(f[0]), Long.parseLong(f[1]));
    }
    assertEquals(expected, actual);
    List<String> rerun = readLines(new org.apache.hadoop.fs.Path(dir, "rerun"));
    assertEquals("resubmissions 1", rerun.get(0), String.join("\n", rerun));
    Set<Integer> rerunMaps = new TreeSet<>();
    for (String line : rerun.subList(1, rerun.size())) {
      if (!line.isBlank()) {
        rerunMaps.add(Integer.parseInt(line.trim().split(" ")[0]));
      }
    }
    assertEquals(lostMaps, rerunMaps, "only the stopped NodeManager's maps ran again");
    assertEquals(lostMaps.size(), rerun.size() - 1, "each once: " + rerun);
    long done = Long.parseLong(readLines(new org.apache.hadoop.fs.Path(dir, "done")).get(0).trim());
    long teardownMs = report.getFinishTime() - done;
    assertTrue(teardownMs <= 10_000, "the application reached its final state " + teardownMs
        + " ms after the job ended (a dead NodeManager must not hold it up)\n" + amLogs(appId));
  }

  // ---- helpers

  private SubmitRun submit(List<String> args) {
    return YarnItSupport.submit(home, 1, cluster.confDir(), Duration.ofMinutes(12), args);
  }

  private ApplicationId runningOrNull() throws Exception {
    return yarn.getApplications().stream().filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).max(ApplicationId::compareTo).orElse(null);
  }

  /** The newest running application (a failed test's may still run until @AfterEach kills it). */
  private ApplicationId running() throws Exception {
    return yarn.getApplications().stream().filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).max(ApplicationId::compareTo).orElseThrow();
  }

  /** The newest running application's AM log, for a failure message ("" when none runs). */
  private String amLogsOfRunning() {
    try {
      ApplicationId appId = runningOrNull();
      return appId == null ? "" : "\n" + amLogs(appId);
    } catch (Exception e) {
      return "\n(no AM log: " + e + ")";
    }
  }

  /** kill -9 of the AM's JVM (found by its command line: the AM class and its container's dirs). */
  private static void killAmJvm(ApplicationId appId) throws Exception {
    List<ProcessHandle> jvms = ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> c.contains("io.spindle.am.ApplicationMaster")
            && c.contains(appId.toString())).orElse(false))
        .toList();
    assertEquals(1, jvms.size(), "the AM JVM of " + appId);
    jvms.get(0).destroyForcibly();
    jvms.get(0).onExit().get(30, TimeUnit.SECONDS);
  }

  private List<String> readLines(org.apache.hadoop.fs.Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  private static String amLogs(ApplicationId appId) {
    return AmLogs.of(NAME, appId);
  }
}
