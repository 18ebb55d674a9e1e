package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.awaitOrFail;
import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.yarn.YarnItSupport.SubmitRun;
import io.spindle.it.yarn.apps.HungExecutorApp;
import io.spindle.it.yarn.apps.NodeManagerRestartApp;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
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
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.container.Container;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.container.ContainerState;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A NodeManager restarted with recovery on, whose shuffle service comes back on another port (port 0
 * configurations), while the executors in its containers live on: they registered the old port with
 * the driver, so every map output they write would be registered at a dead address. One
 * MiniDFSCluster + MiniYARNCluster of 3 NodeManagers (2 GiB each: an executor of 1536m fills one, the
 * AM's NodeManager has room for none) with work-preserving NodeManager recovery
 * ({@code yarn.nodemanager.recovery.enabled}, {@code .supervised}, a recovery dir per NodeManager, a
 * fixed RPC port each, which recovery requires). Between two jobs reading one shuffle, the test stops
 * a NodeManager that ran maps (not the AM's) and starts a new one with the same configuration in this
 * JVM: the executor containers survive, the shuffle service listens on a new port. The second job must
 * succeed with the exact result, rerun each lost map output once, and replace the executors of the
 * dead address by ones that learned the new port.
 *
 * <p>Then (second test, on the NodeManagers left) a NodeManager that dies for good: stopped while
 * supervised, it stays registered with the ResourceManager and never heartbeats again, and the test
 * kills its executor's JVM, as a machine's power loss would. The RM would report the container only
 * after the node expiry (10 minutes); the executor is replaced long before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class NodeManagerRestartIT {
  private static final String NAME = "NodeManagerRestartIT";

  private MiniSpindleCluster cluster;
  private YarnClient yarn;
  private FileSystem fs;
  private Path appsJar;
  private String home;
  private NodeManager restarted; // the NodeManager the test started; MiniYARNCluster does not know it

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome();
    Path work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    cluster = MiniSpindleCluster.start(NAME, 3, work, 2048, conf -> {
      conf.setBoolean(YarnConfiguration.NM_RECOVERY_ENABLED, true);
      // Supervised: a stopping NodeManager leaves its containers running and stays registered with the RM,
      // as one restarted by an init system does (YARN-1336's work-preserving restart).
      conf.setBoolean(YarnConfiguration.NM_RECOVERY_SUPERVISED, true);
      // One recovery dir (a LevelDB each NodeManager locks) per NodeManager: MiniYARNCluster gives each its
      // own local dir when it initialises it, and the configuration expands the reference then.
      conf.set(YarnConfiguration.NM_RECOVERY_DIR, "${" + YarnConfiguration.NM_LOCAL_DIRS + "}-recovery");
    }, NodeManagerRestartIT::fixedNodeManagerPorts);
    fs = cluster.fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(cluster.yarnConf());
    yarn.start();
    appsJar = buildJar("io/spindle/it/yarn/apps", work.resolve("nm-restart-apps.jar"));
  }

  /**
   * NodeManager recovery refuses an ephemeral RPC port ("Cannot support recovery with an ephemeral
   * server port"), and a restarted NodeManager must come back as the same node (host:port) for the RM
   * and the AM's NodeManager client; MiniYARNCluster sets port 0 when it initialises them, so each gets
   * a free port here, before they start.
   */
  private static void fixedNodeManagerPorts(MiniYARNCluster yarn) {
    for (int i = 0; i < 3; i++) {
      yarn.getNodeManager(i).getConfig().set(YarnConfiguration.NM_ADDRESS,
          MiniYARNCluster.getHostname() + ":" + freePort());
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (yarn != null) {
      for (ApplicationReport r : yarn.getApplications()) {
        if (r.getYarnApplicationState() == YarnApplicationState.RUNNING
            || r.getYarnApplicationState() == YarnApplicationState.ACCEPTED) {
          yarn.killApplication(r.getApplicationId());
        }
      }
      yarn.stop();
    }
    // Unsupervised now, so stopping a NodeManager stops its containers instead of leaving them to a restart.
    List<NodeManager> live = new ArrayList<>();
    if (cluster != null) {
      for (int i = 0; i < 3; i++) {
        live.add(cluster.yarn().getNodeManager(i));
      }
    }
    if (restarted != null) {
      live.add(restarted);
    }
    for (NodeManager nm : live) {
      nm.getConfig().setBoolean(YarnConfiguration.NM_RECOVERY_SUPERVISED, false);
    }
    try {
      if (restarted != null) {
        restarted.stop();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  @Timeout(value = 12, unit = TimeUnit.MINUTES) // a loaded CI machine can take minutes to start executor JVMs
  void aShuffleServiceOnANewPortAfterANodeManagerRestartCostsEachLostMapOneRerun() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/nm-restart");
    fs.mkdirs(dir);
    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "2",
        "--executor-memory", "1536m", "--conf", "spindle.executor.memoryOverhead=384m",
        "--class", NodeManagerRestartApp.class.getName(), appsJar.toString(), dir.toString())));
    submitter.start();
    org.apache.hadoop.fs.Path maps = new org.apache.hadoop.fs.Path(dir, "maps");
    awaitOrFail(Duration.ofSeconds(420), () -> fs.exists(maps) || !submitter.isAlive(),
        () -> "job 1 never finished: " + (result[0] == null ? "" : result[0].describe(NAME)));
    ApplicationId appId = yarn.getApplications().stream()
        .filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).max(ApplicationId::compareTo).orElseThrow();
    Map<Integer, String> mapExecutor = new TreeMap<>();
    for (String line : readLines(maps)) {
      String[] f = line.trim().split(" ");
      mapExecutor.put(Integer.parseInt(f[0]), f[1]);
    }
    assertEquals(12, mapExecutor.size(), mapExecutor.toString());

    // Executor -> container and NodeManager from the AM's log; the AM's own NodeManager is never the one restarted.
    Map<String, String> executorNode = new HashMap<>();
    Map<String, String> executorContainer = new HashMap<>();
    Matcher started = Pattern.compile("Starting executor (\\d+) in container (\\S+) on (\\S+)").matcher(amLogs(appId));
    while (started.find()) {
      executorContainer.put(started.group(1), started.group(2));
      executorNode.put(started.group(1), started.group(3));
    }
    ContainerId amContainer = yarn.getApplicationAttemptReport(yarn.getApplicationReport(appId)
        .getCurrentApplicationAttemptId()).getAMContainerId();
    int victimIndex = -1;
    String victimNode = null;
    for (int i = 0; i < 3 && victimIndex < 0; i++) {
      NodeManager nm = cluster.yarn().getNodeManager(i);
      String node = nm.getNMContext().getNodeId().toString();
      if (!nm.getNMContext().getContainers().containsKey(amContainer)
          && mapExecutor.values().stream().anyMatch(e -> node.equals(executorNode.get(e)))) {
        victimIndex = i;
        victimNode = node;
      }
    }
    assertTrue(victimIndex >= 0, "no NodeManager without the AM ran maps: executors " + executorNode
        + ", maps " + mapExecutor);
    NodeManager victim = cluster.yarn().getNodeManager(victimIndex);
    Set<String> staleExecutors = new TreeSet<>();
    for (Map.Entry<String, String> e : executorNode.entrySet()) {
      if (e.getValue().equals(victimNode)) {
        staleExecutors.add(e.getKey());
      }
    }
    Set<Integer> lostMaps = new TreeSet<>();
    mapExecutor.forEach((partition, executor) -> {
      if (staleExecutors.contains(executor)) {
        lostMaps.add(partition);
      }
    });
    assertTrue(!lostMaps.isEmpty(), "the victim ran maps: " + mapExecutor);
    String host = victim.getNMContext().getNodeId().getHost();
    int oldPort = shufflePort(victim);

    // Restart: stop the NodeManager (supervised: its containers run on) and start a new one like it.
    victim.stop();
    restarted = restart(victim);
    assertEquals(victimNode, restarted.getNMContext().getNodeId().toString(), "the same node came back");
    int newPort = shufflePort(restarted);
    assertNotEquals(oldPort, newPort, "the restarted shuffle service listens on a new port");
    for (String executor : staleExecutors) {
      ContainerId id = ContainerId.fromString(executorContainer.get(executor));
      awaitOrFail(Duration.ofSeconds(60), () -> {
        Container c = restarted.getNMContext().getContainers().get(id);
        return c != null && c.getContainerState() == ContainerState.RUNNING;
      }, () -> "executor " + executor + "'s container " + id + " was not recovered as running: "
          + restarted.getNMContext().getContainers());
    }
    try (var o = fs.create(new org.apache.hadoop.fs.Path(dir, "restarted"))) {
      o.write(Integer.toString(newPort).getBytes(StandardCharsets.UTF_8));
    }

    submitter.join(600_000);
    SubmitRun run = result[0];
    assertTrue(run != null && run.code() == 0, run == null ? "no result" : run.describe(NAME));
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

    // Each lost map output ran again once, in one resubmission, and never on an executor of the dead address.
    List<String> rerun = readLines(new org.apache.hadoop.fs.Path(dir, "rerun"));
    String log = amLogs(appId);
    String context = String.join("\n", rerun) + "\nlost maps " + lostMaps + " of executors " + staleExecutors
        + " at " + host + ":" + oldPort + ", restarted at port " + newPort + "\n" + log;
    assertEquals("resubmissions 1", rerun.get(0), context);
    List<Integer> startedMaps = new ArrayList<>();
    Set<Integer> succeededMaps = new TreeSet<>();
    for (String line : rerun.subList(1, rerun.size())) {
      String[] f = line.trim().split(" ");
      assertTrue(!staleExecutors.contains(f[2]), "map " + f[1] + " ran on a stale executor: " + context);
      if (f[0].equals("start")) {
        startedMaps.add(Integer.parseInt(f[1]));
      } else {
        succeededMaps.add(Integer.parseInt(f[1]));
      }
    }
    assertEquals(lostMaps, succeededMaps, "exactly the lost map outputs were recomputed: " + context);
    assertEquals(lostMaps.size(), startedMaps.size(), "each lost map started once: " + context);

    // The mechanism: the executors registered at the dead address were retired, and a replacement on the
    // restarted NodeManager registered the service's new port.
    for (String executor : staleExecutors) {
      assertTrue(log.contains("The shuffle service at " + host + ":" + oldPort + " was declared lost; executor "
          + executor + " registers its map outputs there"), "executor " + executor + " retired: " + context);
    }
    Matcher registered = Pattern.compile("Executor (\\d+) registered from \\S+ with \\d+ cores; its map outputs are "
        + "served at " + Pattern.quote(host + ":" + newPort)).matcher(log);
    assertTrue(registered.find() && !staleExecutors.contains(registered.group(1)),
        "a new executor learned the new port " + newPort + ": " + context);
  }

  /**
   * The only executor's NodeManager dies without a word to the ResourceManager (stopped while
   * supervised, its executor's JVM killed): the RM counts the container as running until the node
   * expiry (YARN's default, 10 minutes, in this cluster). The driver sees the executor's connection
   * close; after spindle.yarn.executor.lossReportTimeout the AM releases the container and a replacement
   * starts on the NodeManager with room (the AM's has none; the dead one sends no heartbeats, so YARN
   * places nothing there). The task the executor ran is retried without counting (the cluster's doing).
   */
  @Test
  @org.junit.jupiter.api.Order(2)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void anExecutorOfANodeManagerThatDiedIsReplacedBeforeTheNodeExpires() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/dead-node");
    fs.mkdirs(dir);
    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "1",
        "--executor-memory", "1536m", "--conf", "spindle.executor.memoryOverhead=384m",
        "--conf", "spindle.yarn.executor.lossReportTimeout=5s",
        "--class", HungExecutorApp.class.getName(), appsJar.toString(), dir.toString())));
    submitter.start();
    org.apache.hadoop.fs.Path pidFile = new org.apache.hadoop.fs.Path(dir, "pid");
    awaitOrFail(Duration.ofSeconds(240), () -> fs.exists(pidFile) || !submitter.isAlive(),
        () -> "no task ran: " + (result[0] == null ? "" : result[0].describe(NAME)));
    long pid = Long.parseLong(readLines(pidFile).get(0).trim());
    ApplicationId appId = yarn.getApplications().stream()
        .filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).max(ApplicationId::compareTo).orElseThrow();
    ContainerId amContainer = yarn.getApplicationAttemptReport(yarn.getApplicationReport(appId)
        .getCurrentApplicationAttemptId()).getAMContainerId();
    List<NodeManager> live = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      live.add(cluster.yarn().getNodeManager(i));
    }
    if (restarted != null) {
      live.add(restarted);
    }
    NodeManager victim = live.stream()
        .filter(nm -> nm.getServiceState() == org.apache.hadoop.service.Service.STATE.STARTED)
        .filter(nm -> nm.getNMContext().getContainers().keySet().stream()
            .anyMatch(c -> c.getApplicationAttemptId().getApplicationId().equals(appId) && !c.equals(amContainer)))
        .findFirst().orElseThrow(() -> new AssertionError("no NodeManager runs the executor of " + appId));
    String victimNode = victim.getNMContext().getNodeId().toString();

    victim.stop(); // supervised: no word to the RM, the containers run on ...
    assertTrue(victim.getConfig().getBoolean(YarnConfiguration.NM_RECOVERY_SUPERVISED, false));
    try {
      assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start().waitFor());
      try (var o = fs.create(new org.apache.hadoop.fs.Path(dir, "go"))) { // ... until the machine dies
        o.write(new byte[] {1});
      }
      submitter.join(Duration.ofMinutes(4).toMillis());
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    SubmitRun run = result[0];
    assertTrue(run != null, "the application did not end within 4 minutes of its NodeManager's death\n"
        + amLogs(appId));
    String logs = amLogs(appId);
    assertEquals(0, run.code(), run.describe(NAME));
    assertEquals(List.of(Long.toString(4000L * 4001 / 2)), readLines(new org.apache.hadoop.fs.Path(dir, "result")));
    assertEquals(List.of("0 2", "1 2", "2 2", "3 2"),
        readLines(new org.apache.hadoop.fs.Path(dir, "tasks")).stream().sorted().toList(), logs);
    assertTrue(Pattern.compile("Executor 1 was lost \\(its connection to the driver closed\\) and the ResourceManager "
        + "did not report its container \\S+ on " + Pattern.quote(victimNode) + " ended within "
        + "spindle.yarn.executor.lossReportTimeout=5000 ms").matcher(logs).find(), logs);
    Matcher replacement = Pattern.compile("Starting executor 2 in container \\S+ on (\\S+)").matcher(logs);
    assertTrue(replacement.find(), logs);
    assertNotEquals(victimNode, replacement.group(1), "not on the dead NodeManager");
    List<String> failures = readLines(new org.apache.hadoop.fs.Path(dir, "failures"));
    assertEquals(1, failures.size(), failures + "\n" + logs);
    assertTrue(failures.get(0).contains("its connection to the driver closed (the cluster's doing: not counted as a "
        + "task failure)"), failures.get(0));
    assertFalse(yarn.getApplicationReport(appId).getFinalApplicationStatus() != FinalApplicationStatus.SUCCEEDED,
        "succeeded");
  }

  /**
   * A new NodeManager with the stopped one's configuration (same RPC port, local dirs and recovery dir),
   * as an operator's restart gives it; it talks to the RM over RPC (MiniYARNCluster's own call the RM
   * in-process), and its web and localizer servers take any free port.
   */
  private NodeManager restart(NodeManager old) {
    YarnConfiguration conf = new YarnConfiguration(old.getConfig());
    for (Map.Entry<String, String> e : cluster.yarn().getResourceManager().getConfig()) {
      if (e.getKey().startsWith("yarn.resourcemanager.")) {
        conf.set(e.getKey(), e.getValue());
      }
    }
    conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, MiniYARNCluster.getHostname() + ":0");
    WebAppUtils.setNMWebAppHostNameAndPort(conf, MiniYARNCluster.getHostname(), 0);
    NodeManager nm = new NodeManager();
    nm.init(conf);
    nm.start();
    return nm;
  }

  /** The port a NodeManager's spindle_shuffle service publishes (what the AM reads at container start). */
  private static int shufflePort(NodeManager nm) {
    ByteBuffer data = nm.getNMContext().getAuxServices().getMetaData().get(ShuffleServiceData.SERVICE_NAME);
    assertTrue(data != null, "no " + ShuffleServiceData.SERVICE_NAME + " service on " + nm.getNMContext().getNodeId());
    return ShuffleServiceData.decodePort(data.duplicate());
  }

  // ---- helpers

  private SubmitRun submit(List<String> args) {
    return YarnItSupport.submit(home, 1, cluster.confDir(), Duration.ofMinutes(10), args);
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
