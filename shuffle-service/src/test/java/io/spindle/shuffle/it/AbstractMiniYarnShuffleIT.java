package io.spindle.shuffle.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientException;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.yarn.ShuffleServiceConfig;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import io.spindle.shuffle.yarn.SpindleShuffleService;
import java.io.File;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.api.AuxiliaryService;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A MiniYARNCluster with two NodeManagers running the shuffle service on port 0, and an
 * unmanaged AM in this JVM that runs a writer container on one NodeManager and, after it exited,
 * a fetcher container on the other. Subclasses choose how the NodeManagers load the service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractMiniYarnShuffleIT {
  static final String SERVICE = ShuffleServiceData.SERVICE_NAME;

  MiniYARNCluster cluster;
  YarnConfiguration conf;
  Path work;
  Path confDir;

  /** How the NodeManagers find the service class (and maybe its jar). */
  abstract void configureService(YarnConfiguration conf) throws Exception;

  @BeforeAll
  void startCluster() throws Exception {
    work = Files.createDirectories(Path.of("target", "it-work", getClass().getSimpleName()))
        .toAbsolutePath();
    conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_AUX_SERVICES, SERVICE);
    conf.setInt(ShuffleServiceConfig.PORT.name(), 0); // all NodeManagers share this JVM
    configureService(conf);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
    conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 0);
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.5f);
    conf.setBoolean(YarnConfiguration.RM_SCHEDULER_INCLUDE_PORT_IN_NODE_NAME, true);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    cluster = new MiniYARNCluster(getClass().getSimpleName(), 2, 1, 1);
    cluster.init(conf);
    cluster.start();
    assertTrue(cluster.waitForNodeManagersToConnect(30_000), "NodeManagers did not register");
    conf = new YarnConfiguration(cluster.getConfig());
    confDir = Files.createDirectories(work.resolve("conf"));
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      cluster.getConfig().writeXml(out); // carries the RM's random ports to the containers
    }
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  /** The service instance inside NodeManager {@code i} (its class may come from another loader). */
  @SuppressWarnings("unchecked")
  AuxiliaryService serviceOf(int i) throws Exception {
    Object aux = cluster.getNodeManager(i).getNMContext().getAuxServices();
    Field f = aux.getClass().getDeclaredField("serviceMap");
    f.setAccessible(true);
    return ((Map<?, AuxiliaryService>) f.get(aux)).get(SERVICE);
  }

  int servicePort(int i) {
    ByteBuffer meta = cluster.getNodeManager(i).getNMContext().getAuxServices().getMetaData()
        .get(SERVICE);
    return ShuffleServiceData.decodePort(meta);
  }

  @Test
  void servesShuffleFilesOfAnExitedContainerToAnotherContainer() throws Exception {
    int port0 = servicePort(0);
    int port1 = servicePort(1);
    assertTrue(port0 > 0 && port1 > 0);
    assertNotEquals(port0, port1);

    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(conf);
      yarn.start();
      YarnClientApplication app = yarn.createApplication();
      ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
      ApplicationId appId = ctx.getApplicationId();
      ctx.setApplicationName("spindle-shuffle-it");
      ctx.setUnmanagedAM(true);
      ctx.setQueue("default");
      ctx.setResource(Resource.newInstance(128, 1));
      ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(null, null, null, null, null, null));
      yarn.submitApplication(ctx);

      // Not running anywhere yet: the services refuse it.
      assertRefused(port0, appId, secret, ErrorCode.UNKNOWN_APPLICATION);

      ApplicationAttemptId attempt = waitForAttemptLaunched(yarn, appId);
      Token<AMRMTokenIdentifier> token = yarn.getAMRMToken(appId);
      UserGroupInformation ugi = UserGroupInformation.createRemoteUser(attempt.toString());
      ugi.addToken(token);
      ugi.doAs((PrivilegedExceptionAction<Void>) () -> {
        runApplicationMaster(yarn, appId, secret);
        return null;
      });

      // stopApplication reached both NodeManagers: the application is forgotten.
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> isRefused(port0, appId, secret) && isRefused(port1, appId, secret));
      } catch (ConditionTimeoutException e) {
        fail("stopApplication did not reach the shuffle services");
      }
      ApplicationReport report = yarn.getApplicationReport(appId);
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    }
  }

  private void runApplicationMaster(YarnClient yarn, ApplicationId appId, byte[] secret)
      throws Exception {
    try (AMRMClient<ContainerRequest> rm = AMRMClient.createAMRMClient();
        NMClient nm = NMClient.createNMClient()) {
      rm.init(conf);
      rm.start();
      rm.registerApplicationMaster("localhost", 0, "");
      nm.init(conf);
      nm.start();
      NodeId node0 = cluster.getNodeManager(0).getNMContext().getNodeId();
      NodeId node1 = cluster.getNodeManager(1).getNMContext().getNodeId();
      Path shared = Files.createDirectories(work.resolve(appId.toString()));

      Container writer = allocate(rm, node0);
      Map<String, ByteBuffer> served = nm.startContainer(writer,
          launchContext(secret, shared.resolve("writer"), WriteShuffleOutputMain.class,
              shared.toString(), appId.toString(), "exec-1"));
      // The port comes back in the container-start response, as it will for the Spindle AM.
      int port = ShuffleServiceData.decodePort(served.get(SERVICE));
      assertEquals(servicePort(0), port);
      Files.writeString(shared.resolve("port.tmp"), Integer.toString(port));
      Files.move(shared.resolve("port.tmp"), shared.resolve("port"));
      assertExitedCleanly(rm, writer, shared.resolve("writer"));

      // The writer has exited; its files are served from the NodeManager to another container.
      Container fetcher = allocate(rm, node1);
      nm.startContainer(fetcher, launchContext(secret, shared.resolve("fetcher"),
          FetchShuffleOutputMain.class, "localhost", Integer.toString(port), appId.toString(),
          "exec-1"));
      assertExitedCleanly(rm, fetcher, shared.resolve("fetcher"));

      rm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "done", "");
    }
  }

  private ContainerLaunchContext launchContext(byte[] secret, Path logPrefix, Class<?> main,
      String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = java + " -Xmx128m " + main.getName() + " " + String.join(" ", args)
        + " 1>" + logPrefix + ".stdout 2>" + logPrefix + ".stderr";
    Map<String, String> env = Map.of(
        "CLASSPATH", containerClasspath(),
        ShuffleItData.SECRET_ENV, HexFormat.of().formatHex(secret));
    return ContainerLaunchContext.newInstance(null, env, List.of(command),
        Map.of(SERVICE, ShuffleServiceData.encodeSecret(secret)), null, null);
  }

  /** Live cluster config first, then this JVM's test classpath (see DEPENDENCIES.md). */
  private String containerClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isEmpty()) {
      cp = System.getProperty("java.class.path");
    }
    return confDir + File.pathSeparator + cp;
  }

  private static Container allocate(AMRMClient<ContainerRequest> rm, NodeId node) throws Exception {
    ContainerRequest request = new ContainerRequest(Resource.newInstance(256, 1),
        new String[] {node.getHost() + ":" + node.getPort()}, null, Priority.newInstance(1), false);
    rm.addContainerRequest(request);
    AtomicReference<Container> allocated = new AtomicReference<>();
    try {
      // Each allocate() call is a heartbeat to the RM, which hands out containers in answers to them.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        AllocateResponse response = rm.allocate(0.5f);
        response.getAllocatedContainers().stream().findFirst().ifPresent(allocated::set);
        return allocated.get() != null;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no container allocated on " + node, e);
    }
    Container c = allocated.get();
    rm.removeContainerRequest(request);
    assertEquals(node, c.getNodeId(), "container placed on the requested NodeManager");
    return c;
  }

  private static void assertExitedCleanly(AMRMClient<ContainerRequest> rm, Container c,
      Path logPrefix) throws Exception {
    AtomicReference<ContainerStatus> completed = new AtomicReference<>();
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
        for (ContainerStatus s : rm.allocate(0.5f).getCompletedContainersStatuses()) {
          if (s.getContainerId().equals(c.getId())) {
            completed.set(s);
          }
        }
        return completed.get() != null;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(c.getId() + " did not finish; stderr:\n"
          + read(Path.of(logPrefix + ".stderr")), e);
    }
    ContainerStatus s = completed.get();
    assertEquals(0, s.getExitStatus(), () -> c.getId() + " failed: " + s.getDiagnostics()
        + "\nstderr:\n" + read(Path.of(logPrefix + ".stderr")));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "(" + p + " unreadable: " + e + ")";
    }
  }

  private static ApplicationAttemptId waitForAttemptLaunched(YarnClient yarn, ApplicationId appId)
      throws Exception {
    AtomicReference<ApplicationAttemptId> launched = new AtomicReference<>();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        ApplicationReport report = yarn.getApplicationReport(appId);
        if (report.getYarnApplicationState() == YarnApplicationState.ACCEPTED
            && report.getCurrentApplicationAttemptId() != null) {
          ApplicationAttemptId attempt = report.getCurrentApplicationAttemptId();
          if (yarn.getApplicationAttemptReport(attempt).getYarnApplicationAttemptState()
              == YarnApplicationAttemptState.LAUNCHED) {
            launched.set(attempt);
          }
        }
        return launched.get() != null;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("unmanaged AM attempt of " + appId + " was not launched", e);
    }
    return launched.get();
  }

  private static boolean isRefused(int port, ApplicationId appId, byte[] secret) throws Exception {
    try (ShuffleClient client = new ShuffleClient(secret,
        ShuffleClientOptions.defaults().withRetries(0, 0))) {
      client.registerExecutor("localhost", port, appId.toString(), "probe", List.of("/nonexistent"));
      return false;
    } catch (ShuffleClientException e) {
      return e.errorCode() == ErrorCode.UNKNOWN_APPLICATION;
    }
  }

  private static void assertRefused(int port, ApplicationId appId, byte[] secret, ErrorCode code)
      throws Exception {
    try (ShuffleClient client = new ShuffleClient(secret,
        ShuffleClientOptions.defaults().withRetries(0, 0))) {
      client.registerExecutor("localhost", port, appId.toString(), "probe", List.of("/nonexistent"));
      fail("expected " + code);
    } catch (ShuffleClientException e) {
      assertEquals(code, e.errorCode(), e.getMessage());
    }
  }

  static Class<?> serviceClass() {
    return SpindleShuffleService.class;
  }
}
