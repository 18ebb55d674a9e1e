package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.spindle.it.yarn.YarnItSupport.SubmitRun;
import io.spindle.it.yarn.apps.SumApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * YARN node labels (spindle.yarn.am.nodeLabelExpression, spindle.yarn.executor.nodeLabelExpression)
 * on a MiniYARNCluster of two NodeManagers, the second one carrying the exclusive label {@code etl}
 * (the default queue may use it; containers that do not ask for it never land there). Where each
 * container ran is read from the ResourceManager (the AM's) and the AM's log (the executors').
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLabelsYarnIT {
  private static final String NAME = "NodeLabelsYarnIT";
  private static final String LABEL = "etl";
  private static final String CS = "yarn.scheduler.capacity.";

  private MiniSpindleCluster cluster;
  private YarnClient yarn;
  private Path appsJar;
  private String home;
  private NodeId labelled;
  private NodeId plain;

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome();
    Path work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    cluster = MiniSpindleCluster.start(NAME, 2, work, conf -> {
      conf.setBoolean(YarnConfiguration.NODE_LABELS_ENABLED, true);
      conf.set(YarnConfiguration.FS_NODE_LABELS_STORE_ROOT_DIR, work.resolve("node-labels").toUri().toString());
      // One 4 GiB NodeManager per partition: the default 10% AM share would hold a 512 MiB AM back.
      conf.setFloat(CS + "maximum-am-resource-percent", 0.5f);
    });
    // As an operator would with yarn rmadmin: the label, the queue's access to it, then the node.
    RMContext rm = cluster.yarn().getResourceManager().getRMContext();
    rm.getNodeLabelManager().addToCluserNodeLabelsWithDefaultExclusivity(Set.of(LABEL));
    Configuration queues = new Configuration(cluster.yarn().getConfig());
    queues.set(CS + "root.accessible-node-labels", LABEL);
    queues.set(CS + "root.accessible-node-labels." + LABEL + ".capacity", "100");
    queues.set(CS + "root.default.accessible-node-labels", LABEL);
    queues.set(CS + "root.default.accessible-node-labels." + LABEL + ".capacity", "100");
    rm.getScheduler().reinitialize(queues, rm);
    plain = cluster.yarn().getNodeManager(0).getNMContext().getNodeId();
    labelled = cluster.yarn().getNodeManager(1).getNMContext().getNodeId();
    rm.getNodeLabelManager().addLabelsToNode(Map.of(labelled, Set.of(LABEL)));

    yarn = YarnClient.createYarnClient();
    yarn.init(cluster.yarnConf());
    yarn.start();
    appsJar = buildJar("io/spindle/it/yarn/apps", work.resolve("node-labels-apps.jar"));
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
  void executorsWithTheLabelRunOnlyOnItsNodeAndTheAmWithoutItElsewhere() throws Exception {
    SubmitRun run = submit("--num-executors", "2", "--executor-memory", "512m",
        "--conf", "spindle.executor.memoryOverhead=384m", "--conf", "spindle.yarn.executor.nodeLabelExpression=" + LABEL,
        "--class", SumApp.class.getName(), appsJar.toString(), "1000");
    String logs = AmLogs.of(NAME, run.appId());
    assertEquals(0, run.code(), run.output() + logs);
    assertEquals(plain, amNode(run.appId()), "the AM asked for no label: not on the exclusive node");
    List<String> executorNodes = executorNodes(logs);
    assertEquals(2, executorNodes.size(), logs);
    for (String node : executorNodes) {
      assertEquals(labelled.toString(), node, "executors only on the labelled node: " + executorNodes);
    }
  }

  @Test
  void theAmWithTheLabelRunsOnItsNode() throws Exception {
    SubmitRun run = submit("--num-executors", "0", "--conf", "spindle.yarn.am.nodeLabelExpression=" + LABEL,
        "--class", SumApp.class.getName(), appsJar.toString(), "1000");
    assertEquals(0, run.code(), run.output());
    assertEquals(labelled, amNode(run.appId()));
  }

  @Test
  void withoutLabelsNoContainerRunsOnTheExclusiveNode() throws Exception {
    SubmitRun run = submit("--num-executors", "2", "--executor-memory", "512m",
        "--conf", "spindle.executor.memoryOverhead=384m",
        "--class", SumApp.class.getName(), appsJar.toString(), "1000");
    String logs = AmLogs.of(NAME, run.appId());
    assertEquals(0, run.code(), run.output() + logs);
    assertEquals(plain, amNode(run.appId()));
    List<String> executorNodes = executorNodes(logs);
    assertEquals(2, executorNodes.size(), logs);
    assertFalse(executorNodes.contains(labelled.toString()), "no executor on the labelled node: " + executorNodes);
  }

  // ---- helpers

  /**
   * The NodeManager that ran the AM container: the one with its log dir (the ResourceManager forgets a
   * finished application's containers, and both NodeManagers are on localhost).
   */
  private NodeId amNode(ApplicationId appId) throws Exception {
    ContainerId am = yarn.getApplicationAttemptReport(yarn.getApplicationReport(appId)
        .getCurrentApplicationAttemptId()).getAMContainerId();
    for (int i = 0; i < 2; i++) {
      org.apache.hadoop.yarn.server.nodemanager.NodeManager nm = cluster.yarn().getNodeManager(i);
      for (String dir : nm.getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
        Path logDir = dir.startsWith("file:") ? Path.of(java.net.URI.create(dir)) : Path.of(dir);
        if (Files.isDirectory(logDir.resolve(appId.toString()).resolve(am.toString()))) {
          return nm.getNMContext().getNodeId();
        }
      }
    }
    throw new AssertionError("no NodeManager has a log dir of " + am);
  }

  /** host:port of each executor's NodeManager, from the AM's "Starting executor N in container C on host:port". */
  private static List<String> executorNodes(String amLogs) {
    Matcher m = Pattern.compile("Starting executor \\d+ in container \\S+ on (\\S+)").matcher(amLogs);
    List<String> nodes = new ArrayList<>();
    while (m.find()) {
      nodes.add(m.group(1));
    }
    return nodes;
  }

  private SubmitRun submit(String... args) {
    return YarnItSupport.submit(home, 1, cluster.confDir(), java.time.Duration.ofMinutes(5), List.of(args));
  }
}
