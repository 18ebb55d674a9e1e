package io.spindle.executor.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ExecutorEnvironment;
import io.spindle.rpc.DriverEndpoint;
import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import io.spindle.rpc.RpcProtocol;
import io.spindle.rpc.RpcServer;
import io.spindle.shuffle.server.ApplicationRegistry;
import io.spindle.shuffle.server.ServerCounters;
import io.spindle.shuffle.server.ShuffleServer;
import io.spindle.shuffle.server.ShuffleServerContext;
import io.spindle.shuffle.server.ShuffleServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An executor process exits by itself when its driver is gone or silent. */
class ExecutorLifecycleTest {
  private static final String APP = "app-lifecycle-1";
  private final byte[] secret = RpcProtocol.newSecret();
  @TempDir
  Path root;
  private ShuffleServer shuffle;
  private Process process;

  @BeforeEach
  void startShuffleServer() throws Exception {
    ApplicationRegistry registry = new ApplicationRegistry(null);
    registry.addApplication(APP, secret);
    shuffle = new ShuffleServer(new ShuffleServerContext(ShuffleServerSettings.defaults()
        .withAllowedRoots(List.of(root)), registry, new ServerCounters())).start();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    shuffle.close();
  }

  /** The connection of the executor the {@link #driver} accepted last. */
  private final java.util.concurrent.atomic.AtomicReference<RpcConnection> executorConnection =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** A driver that accepts the executor and (optionally) answers its heartbeats. */
  private RpcServer driver(CountDownLatch registered, boolean ackHeartbeats, Map<String, String> conf) {
    return new RpcServer("127.0.0.1", 0, APP, secret, new DriverEndpoint() {
      @Override
      public void registerExecutor(RpcConnection connection, RpcMessage.RegisterExecutor message) {
        connection.send(new RpcMessage.Registered(conf));
        executorConnection.set(connection);
        registered.countDown();
      }

      @Override
      public void receive(RpcConnection connection, RpcMessage message) {
        if (ackHeartbeats && message instanceof RpcMessage.Heartbeat) {
          connection.send(new RpcMessage.HeartbeatAck());
        }
      }

      @Override
      public void executorDisconnected(RpcConnection connection) {}
    });
  }

  private Process launch(int driverPort, String... jvmOptions) throws Exception {
    Path dir = Files.createDirectories(root.resolve("appcache").resolve(APP).resolve("executor-1"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", cp, ExecutorMain.class.getName()));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(root.resolve("executor.log").toFile());
    Map<String, String> env = b.environment();
    env.put(ExecutorEnvironment.DRIVER, "127.0.0.1:" + driverPort);
    env.put(ExecutorEnvironment.APP_ID, APP);
    env.put(ExecutorEnvironment.APP_SECRET, Base64.getEncoder().encodeToString(secret));
    env.put(ExecutorEnvironment.EXECUTOR_ID, "1");
    env.put(ExecutorEnvironment.EXECUTOR_HOST, "localhost");
    env.put(ExecutorEnvironment.EXECUTOR_CORES, "1");
    env.put(ExecutorEnvironment.LOCAL_DIRS, dir.toString());
    env.put(ExecutorEnvironment.SHUFFLE_SERVICE, "localhost:" + shuffle.port());
    return b.start();
  }

  private String log() throws Exception {
    return Files.readString(root.resolve("executor.log"));
  }

  @Test
  void exitsWhenTheDriverGoesAway() throws Exception {
    CountDownLatch registered = new CountDownLatch(1);
    RpcServer server = driver(registered, true, Map.of());
    process = launch(server.port());
    assertTrue(registered.await(30, TimeUnit.SECONDS), "executor registered");
    server.close(); // the driver disappears
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "executor still running after its driver left");
    assertEquals(ExecutorProcess.EXIT_DRIVER_GONE, process.exitValue(), log());
  }

  /**
   * A recording executor (as on YARN, {@code -XX:+RecordDynamicDumpInfo}) that the driver stops before
   * it ran any task writes no class-data archive: the node's one archive would otherwise lack the task
   * path's classes for every later executor there.
   */
  @Test
  void anExecutorThatRanNoTaskWritesNoClassDataArchive() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa")),
        "recording needs the JDK's base archive");
    CountDownLatch registered = new CountDownLatch(1);
    RpcServer server = driver(registered, true, Map.of());
    Path archive = root.resolve("cds").resolve("executor.jsa");
    try {
      process = launch(server.port(), "-XX:+RecordDynamicDumpInfo", "-Dspindle.cds.archive=" + archive);
      assertTrue(registered.await(30, TimeUnit.SECONDS), "executor registered");
      executorConnection.get().send(new RpcMessage.Shutdown("the job ended"));
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "executor still running after Shutdown");
      assertEquals(ExecutorProcess.EXIT_SHUTDOWN, process.exitValue(), log());
      assertTrue(log().contains("Class-data sharing archive not written: this executor ran no task"), log());
      assertTrue(!Files.exists(archive), "no archive at " + archive);
    } finally {
      server.close();
    }
  }

  @Test
  void exitsWhenTheDriverStopsAnsweringHeartbeats() throws Exception {
    CountDownLatch registered = new CountDownLatch(1);
    RpcServer server = driver(registered, false,
        Map.of("spindle.network.timeoutMs", "1500", "spindle.executor.heartbeatIntervalMs", "200"));
    try {
      process = launch(server.port());
      assertTrue(registered.await(30, TimeUnit.SECONDS), "executor registered");
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "executor still running with a silent driver");
      assertEquals(ExecutorProcess.EXIT_DRIVER_SILENT, process.exitValue(), log());
      assertTrue(log().contains("spindle.network.timeoutMs"), log());
    } finally {
      server.close();
    }
  }
}
