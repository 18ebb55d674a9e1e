package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.awaitOrFail;
import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.yarn.YarnItSupport.SubmitRun;
import io.spindle.it.yarn.apps.LaunchFailureApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.AbstractYarnScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerApplicationAttempt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * YARN node exclusion for container launch failures, for real: a MiniYARNCluster of 2 healthy
 * NodeManagers (2 GiB each: the AM and 3 executors fit, not 4) and, added once the AM runs, 2
 * NodeManagers on their own loopback hosts ({@link LoopbackNodeManager}) where no executor
 * container can launch, each in one of the two ways YARN reports it: 127.0.0.2 runs no
 * spindle_shuffle service, so it refuses to start the containers (the NodeManager client's start
 * error), and 127.0.0.3's admin env points JAVA_HOME at a directory that does not exist, so its
 * containers start and exit at once with 127 (the launch script finds no {@code $JAVA_HOME/bin/java};
 * a completed container). The job asks for 4 executors, so a request is always left for the failing NodeManagers and both
 * are tried. With {@code spindle.excludeOnFailure.enabled} and the default cap (0.33 of the
 * cluster's 4 NodeManagers: 1):
 * <ul>
 *   <li>each failing NodeManager qualifies after 2 failed containers, and the ResourceManager's
 *       exclusion list of the application (its scheduler's view) holds a failing host;</li>
 *   <li>it never holds more than 1 host, though both qualify (without the cap it would hold 2), and
 *       ends with the one that qualified last;</li>
 *   <li>from then on the request the healthy NodeManagers cannot hold goes, again and again, to the
 *       failing NodeManager beyond the cap, and not to the listed one (one grant racing the list's
 *       arrival at the ResourceManager is allowed);</li>
 *   <li>the job succeeds with the exact word counts of a plain-Java reference (collect, and
 *       saveAsTextFile from the same shuffle), every task ran on a healthy NodeManager.</li>
 * </ul>
 * The uncapped failing NodeManager keeps receiving (and failing) containers, as the cap intends
 * (docs/fault-tolerance.md): spindle.executor.maxFailures is raised so that this job is not ended by them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaunchFailureBlacklistIT {
  private static final String NAME = "LaunchFailureBlacklistIT";
  private static final int NODE_MANAGER_MIB = 2048;
  /** Refuses every executor container: it runs no spindle_shuffle service, which their launch context names. */
  private static final String NO_SHUFFLE = "127.0.0.2";
  /** Starts them, and they exit 127 at once: its admin env points JAVA_HOME at a missing directory. */
  private static final String NO_JAVA = "127.0.0.3";
  private static final List<String> BAD_ADDRESSES = List.of(NO_SHUFFLE, NO_JAVA);

  private MiniSpindleCluster cluster;
  private YarnClient yarn;
  private FileSystem fs;
  private Path work;
  private Path appsJar;
  private String home;
  private final List<LoopbackNodeManager> badNodeManagers = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome();
    work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    // MiniYARNCluster gives its NodeManagers yarn.minicluster.yarn.nodemanager.resource.memory-mb (default
    // 4 GiB) whatever yarn.nodemanager.resource.memory-mb says: 2 GiB needs its own key.
    cluster = MiniSpindleCluster.start(NAME, 2, work, conf -> {
      conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MANAGER_MIB);
      conf.setInt("yarn.minicluster." + YarnConfiguration.NM_PMEM_MB, NODE_MANAGER_MIB);
    });
    fs = cluster.fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(cluster.yarnConf());
    yarn.start();
    appsJar = buildJar("io/spindle/it/yarn/apps", work.resolve("launch-failure-apps.jar"));
  }

  @AfterAll
  void stop() {
    badNodeManagers.forEach(LoopbackNodeManager::close);
    if (yarn != null) {
      yarn.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void nodeManagersWhereExecutorsCannotLaunchGoToYarnsExclusionListNeverMoreThanTheCap() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/launch-failure");
    List<String> input = input();
    write(new org.apache.hadoop.fs.Path(dir, "input"), String.join("\n", input) + "\n");
    Map<String, Long> expected = new TreeMap<>();
    for (String line : input) {
      for (String word : line.split(" ")) {
        expected.merge(word, 1L, Long::sum);
      }
    }

    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "4",
        "--executor-memory", "512m", "--conf", "spindle.executor.memoryOverhead=384m",
        "--conf", "spindle.excludeOnFailure.enabled=true",
        // The failing NodeManager beyond the cap keeps failing containers while the test looks: not this job's end.
        "--conf", "spindle.executor.maxFailures=100",
        "--class", LaunchFailureApp.class.getName(), appsJar.toString(), dir.toString())));
    submitter.start();
    // Generous: the first application localizes ~120 framework jars, slow on a loaded 2-core CI machine.
    awaitOrFail(Duration.ofSeconds(420), () -> running() != null || !submitter.isAlive(),
        () -> "never RUNNING: " + (result[0] == null ? "" : result[0].output()));
    ApplicationId appId = running();
    assertTrue(appId != null, () -> "the application ended before it ran: " + result[0].output());
    ApplicationAttemptId attempt = yarn.getApplicationReport(appId).getCurrentApplicationAttemptId();

    // The AM runs on a healthy NodeManager (the only ones there were); now the failing ones join.
    badNodeManagers.add(LoopbackNodeManager.start(cluster, NO_SHUFFLE, work, NODE_MANAGER_MIB,
        conf -> conf.set(YarnConfiguration.NM_AUX_SERVICES, "")));
    String missingJava = work.resolve("no-such-java-home").toString();
    badNodeManagers.add(LoopbackNodeManager.start(cluster, NO_JAVA, work, NODE_MANAGER_MIB,
        conf -> conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + missingJava)));
    Set<String> badHosts = new TreeSet<>();
    badNodeManagers.forEach(nm -> badHosts.add(nm.host()));
    assertEquals(new TreeSet<>(BAD_ADDRESSES), badHosts);
    awaitOrFail(Duration.ofSeconds(60), () -> yarn.getNodeReports(NodeState.RUNNING).size() == 4,
        () -> "the failing NodeManagers did not register");
    int cap = (int) Math.floor(0.33 * 4); // spindle.yarn.excludeOnFailure.maxNodeFraction's default
    assertEquals(1, cap);
    // The premise: the healthy NodeManagers hold the AM and 3 executors of 896 MiB, not 4.
    long healthyMiB = yarn.getNodeReports(NodeState.RUNNING).stream()
        .filter(r -> !badHosts.contains(r.getNodeId().getHost()))
        .mapToLong(r -> r.getCapability().getMemorySize()).sum();
    assertEquals(2L * NODE_MANAGER_MIB, healthyMiB);

    // The ResourceManager's own view: the exclusion list its scheduler applies to the application.
    List<Set<String>> seen = new CopyOnWriteArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(() -> {
      Set<String> now = rmExclusionList(attempt);
      if (now != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now))) {
        seen.add(now);
      }
    }, 0, 50, TimeUnit.MILLISECONDS);
    Set<String> finalList;
    String lastQualified;
    try {
      fs.create(new org.apache.hadoop.fs.Path(dir, "go")).close();
      // Both failing NodeManagers qualify (2 failed containers each); the cap keeps one on the list.
      Pattern excluded = Pattern.compile("NodeManager (\\S+) is excluded for this application");
      awaitOrFail(Duration.ofSeconds(300), () -> {
        Set<String> qualified = new TreeSet<>();
        Matcher m = excluded.matcher(amLogs(appId));
        while (m.find()) {
          qualified.add(m.group(1));
        }
        return qualified.equals(badHosts) || !submitter.isAlive();
      }, () -> "both failing NodeManagers did not qualify for exclusion; the RM's list went " + seen + "\n"
          + amLogs(appId));
      assertTrue(submitter.isAlive(), () -> "the application ended early: " + result[0].describe(NAME));
      Matcher m = excluded.matcher(amLogs(appId));
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      lastQualified = last;
      awaitOrFail(Duration.ofSeconds(30), () -> Set.of(lastQualified).equals(rmExclusionList(attempt)),
          () -> "the RM's exclusion list is not [" + lastQualified + "], the NodeManager that qualified last: "
              + seen + "\n" + amLogs(appId));
      finalList = rmExclusionList(attempt);
      // YARN's list at work: the request the healthy NodeManagers cannot hold now goes to the failing
      // NodeManager beyond the cap, again and again, and not to the listed one.
      String other = badHosts.stream().filter(h -> !h.equals(lastQualified)).findFirst().orElseThrow();
      awaitOrFail(Duration.ofSeconds(180), () -> startsAfterCap(amLogs(appId), lastQualified, other) >= 2
          || !submitter.isAlive(), () -> "no further containers on " + other + ", the NodeManager beyond the cap\n"
          + amLogs(appId));
    } finally {
      sampler.shutdownNow();
    }
    fs.create(new org.apache.hadoop.fs.Path(dir, "checked")).close();
    submitter.join(360_000);
    SubmitRun run = result[0];
    assertTrue(run != null && run.code() == 0, run == null ? "no result" : run.describe(NAME));
    assertEquals(FinalApplicationStatus.SUCCEEDED, yarn.getApplicationReport(appId).getFinalApplicationStatus());
    String logs = amLogs(appId);

    // Exact output, both jobs.
    assertEquals(expected, parseCounts(readLines(new org.apache.hadoop.fs.Path(dir, "counts"))), "job 1 (collect)");
    List<String> saved = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      saved.addAll(readLines(new org.apache.hadoop.fs.Path(dir, String.format("out/part-%05d", p))));
    }
    assertEquals(expected, parseCounts(saved), "job 2 (saveAsTextFile)");
    assertEquals(expected.size(), saved.size(), "each word once");

    // The failures were real launch failures on the failing NodeManagers, and only there.
    Map<String, String> executorHost = new HashMap<>();
    Matcher started = Pattern.compile("Starting executor (\\d+) in container \\S+ on ([^:\\s]+):\\d+").matcher(logs);
    while (started.find()) {
      executorHost.put(started.group(1), started.group(2));
    }
    Map<String, Integer> failedOn = new TreeMap<>();
    // Counted failures are WARN lines (the diagnostics that follow may span lines).
    Matcher failed = Pattern.compile("WARN YarnExecutorLauncher: Executor (\\d+) (exited with code -?\\d+|could not be "
        + "started: [^\\n]*)").matcher(logs);
    while (failed.find()) {
      String host = executorHost.get(failed.group(1));
      String why = failed.group(2);
      assertTrue(badHosts.contains(host), "executor " + failed.group(1) + " failed on " + host + "\n" + logs);
      if (host.equals(NO_SHUFFLE)) {
        assertTrue(why.startsWith("could not be started: ") && why.contains("spindle_shuffle"),
            "the NodeManager refused the start for want of the shuffle service: " + why);
      } else {
        assertEquals("exited with code 127", why, "java not found at launch");
      }
      failedOn.merge(host, 1, Integer::sum);
    }
    for (String host : badHosts) {
      assertTrue(failedOn.getOrDefault(host, 0) >= 2, "2 launch failures on " + host + ": " + failedOn + "\n" + logs);
    }

    // YARN's list: a failing host was on it, never more than the cap, and at the end the newest.
    assertTrue(seen.stream().anyMatch(s -> !s.isEmpty()), "the RM's exclusion list stayed empty: " + seen);
    for (Set<String> list : seen) {
      assertTrue(list.size() <= cap, "the RM's exclusion list " + list + " holds more than the cap of " + cap
          + " (of 4 NodeManagers): " + seen + "\n" + logs);
      assertTrue(badHosts.containsAll(list), "a healthy NodeManager was excluded: " + seen);
    }
    assertEquals(Set.of(lastQualified), finalList);
    // One container may have been granted on the listed host just before the ResourceManager had the list.
    assertTrue(startsAfterCap(logs, lastQualified, lastQualified) <= 1, "containers kept coming to " + lastQualified
        + " while it was on YARN's exclusion list\n" + logs);
    // The AM's side of it: every list it sent, and the cap named when both qualified.
    Matcher sent = Pattern.compile("(?:YARN exclusion list of this application: |excluded now )\\[([^\\]]*)\\]")
        .matcher(logs);
    int updates = 0;
    while (sent.find()) {
      updates++;
      assertTrue(sent.group(1).isBlank() || sent.group(1).split(", ").length <= cap, sent.group() + "\n" + logs);
    }
    assertTrue(updates >= 2, "the AM sent its list and changed it when the second node qualified:\n" + logs);
    assertTrue(logs.contains("2 NodeManagers qualify for exclusion but at most 1 of the cluster's 4 may be excluded"),
        logs);

    // Every task ran on a healthy NodeManager.
    Set<String> goodHosts = new TreeSet<>();
    for (int i = 0; i < 2; i++) {
      goodHosts.add(cluster.yarn().getNodeManager(i).getNMContext().getNodeId().getHost());
    }
    Set<String> taskHosts = new TreeSet<>(readLines(new org.apache.hadoop.fs.Path(dir, "hosts")));
    assertFalse(taskHosts.isEmpty());
    assertTrue(goodHosts.containsAll(taskHosts), "tasks ran on " + taskHosts + ", healthy: " + goodHosts);
  }

  /**
   * Executor containers started on {@code host} after the AM's log said that the cap leaves only
   * {@code listed} on YARN's exclusion list; -1 before it said so.
   */
  private static int startsAfterCap(String logs, String listed, String host) {
    int at = logs.indexOf("may be excluded (spindle.yarn.excludeOnFailure.maxNodeFraction = 0.33): excluded now ["
        + listed + "]");
    if (at < 0) {
      return -1;
    }
    Matcher m = Pattern.compile("Starting executor \\d+ in container \\S+ on " + Pattern.quote(host) + ":\\d+")
        .matcher(logs.substring(at));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Lines of unicode words with a skewed key ("ü" on every line) and words seen once. */
  private static List<String> input() {
    List<String> lines = new ArrayList<>();
    String[] words = {"alpha", "βeta", "гамма", "δέλτα", "東京", "naïve", "😀"};
    for (int i = 0; i < 3000; i++) {
      lines.add("ü " + words[i % words.length] + " " + words[(i * 7 + 3) % words.length] + " w" + i);
    }
    return lines;
  }

  private Set<String> rmExclusionList(ApplicationAttemptId attempt) {
    AbstractYarnScheduler<?, ?> scheduler = (AbstractYarnScheduler<?, ?>) cluster.yarn().getResourceManager()
        .getResourceScheduler();
    SchedulerApplicationAttempt app = scheduler.getApplicationAttempt(attempt);
    return app == null ? null : new TreeSet<>(app.getBlacklistedNodes());
  }

  private static Map<String, Long> parseCounts(List<String> lines) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : lines) {
      String[] f = line.split("\t");
      assertEquals(2, f.length, line);
      assertEquals(null, counts.put(f[0], Long.parseLong(f[1])), "twice: " + f[0]);
    }
    return counts;
  }

  private ApplicationId running() throws Exception {
    return yarn.getApplications().stream().filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).max(ApplicationId::compareTo).orElse(null);
  }

  private SubmitRun submit(List<String> args) {
    return YarnItSupport.submit(home, 1, cluster.confDir(), Duration.ofMinutes(11), args);
  }

  private void write(org.apache.hadoop.fs.Path file, String text) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
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
