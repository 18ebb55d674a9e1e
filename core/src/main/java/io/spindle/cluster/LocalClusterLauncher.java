package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.function.SpindleException;
import io.spindle.config.SpindleConfigs;
import io.spindle.shuffle.server.ApplicationRegistry;
import io.spindle.shuffle.server.ServerCounters;
import io.spindle.shuffle.server.ShuffleServer;
import io.spindle.shuffle.server.ShuffleServerContext;
import io.spindle.shuffle.server.ShuffleServerSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code local-cluster[N,cores,memoryMiB]}: N executor JVMs on this machine, started with this
 * JVM's java and classpath, plus an in-process shuffle server that serves all their local dirs,
 * so the whole remote path (RPC, shuffle service fetches) runs without YARN. The executors' dirs
 * are {@code <scratch>/appcache/<appId>/executor-<i>}, the layout the shuffle server insists on.
 * A shutdown hook kills the executors if the driver's JVM exits without closing its context.
 */
public final class LocalClusterLauncher implements ExecutorLauncher {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalClusterLauncher.class);
  private static final String HOST = "localhost";

  private final int executors;
  private final int cores;
  private final int memoryMiB;
  private final Settings conf;
  private final String appId;
  private final byte[] secret;
  private final Path scratchDir;
  private final ShuffleServer shuffleServer;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final List<String> userJars;
  private final Thread killOnExit = new Thread(this::killAll, "spindle-local-cluster-reaper");

  public LocalClusterLauncher(int executors, int cores, int memoryMiB, Settings conf, String appId,
      byte[] secret, Path scratchDir, List<String> userJars) {
    this.userJars = List.copyOf(userJars);
    this.executors = executors;
    this.cores = cores;
    this.memoryMiB = memoryMiB;
    this.conf = conf;
    this.appId = appId;
    this.secret = secret.clone();
    this.scratchDir = scratchDir;
    ApplicationRegistry registry = new ApplicationRegistry(null);
    registry.addApplication(appId, secret);
    // Loopback only, 2 I/O threads: it serves executors of this machine.
    ShuffleServerSettings settings = new ShuffleServerSettings("127.0.0.1", 0, 2, 4096, 256, 200, false,
        List.of(scratchDir), 120_000);
    try {
      this.shuffleServer = new ShuffleServer(new ShuffleServerContext(settings, registry, new ServerCounters()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The counters of the shuffle service this launcher runs for its executors. */
  public ServerCounters shuffleServiceCounters() {
    return shuffleServer.context().counters();
  }

  @Override
  public synchronized void launch(String driverHost, int driverPort) {
    Runtime.getRuntime().addShutdownHook(killOnExit);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = classpath();
    Map<String, String> userEnvironment = UserEnvironment.forExecutors(conf); // spindle.executorEnv.*
    for (int i = 1; i <= executors; i++) {
      String id = Integer.toString(i);
      Path dir = scratchDir.resolve("appcache").resolve(appId).resolve("executor-" + id);
      Path log = scratchDir.resolve("executor-" + id + ".log");
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the local dir " + dir + " of executor " + id, e);
      }
      List<String> command = List.of(java, "-Xmx" + memoryMiB + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-Dfile.encoding=UTF-8", "-cp", classpath, conf.get(SpindleConfigs.EXECUTOR_MAIN_CLASS));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.putAll(userEnvironment);
      env.put(ExecutorEnvironment.DRIVER, driverHost + ":" + driverPort);
      env.put(ExecutorEnvironment.APP_ID, appId);
      env.put(ExecutorEnvironment.APP_SECRET, Base64.getEncoder().encodeToString(secret));
      env.put(ExecutorEnvironment.EXECUTOR_ID, id);
      env.put(ExecutorEnvironment.EXECUTOR_HOST, HOST);
      env.put(ExecutorEnvironment.EXECUTOR_CORES, Integer.toString(cores));
      env.put(ExecutorEnvironment.LOCAL_DIRS, dir.toString());
      env.put(ExecutorEnvironment.SHUFFLE_SERVICE, HOST + ":" + shuffleServer.port());
      try {
        processes.add(builder.start());
        logs.add(log);
      } catch (IOException e) {
        throw new SpindleException("Could not start executor " + id + " with " + java + ": " + e.getMessage(), e);
      }
    }
  }

  /** The test fork's classpath when run by surefire (java.class.path is only its booter jar there). */
  private String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    for (String jar : userJars) { // the job's jar, when a class loader of the driver added it
      cp = cp + File.pathSeparator + jar;
    }
    String extra = conf.get(SpindleConfigs.EXECUTOR_EXTRA_CLASSPATH);
    return extra == null || extra.isBlank() ? cp : cp + File.pathSeparator + extra;
  }

  @Override
  public int expectedExecutors() {
    return executors;
  }

  @Override
  public synchronized int exitedExecutors() {
    return (int) processes.stream().filter(p -> !p.isAlive()).count();
  }

  /** Exit codes and the last lines of each executor's log. */
  @Override
  public synchronized String diagnostics() {
    StringBuilder s = new StringBuilder("Executor processes:");
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      s.append("\n  executor ").append(i + 1).append(p.isAlive() ? " running" : " exited with " + p.exitValue())
          .append(", log ").append(logs.get(i));
      try {
        List<String> lines = Files.readAllLines(logs.get(i));
        for (String line : lines.subList(Math.max(0, lines.size() - 15), lines.size())) {
          s.append("\n    | ").append(line);
        }
      } catch (IOException | RuntimeException ignored) {
        // no log yet
      }
    }
    return s.toString();
  }

  /** Counters of the in-process shuffle server (bytes served, fetch requests, …). */
  public ServerCounters shuffleCounters() {
    return shuffleServer.context().counters();
  }

  public int shuffleServicePort() {
    return shuffleServer.port();
  }

  /** Live executor processes (for tests: none may outlive the context). */
  public synchronized List<ProcessHandle> processes() {
    return processes.stream().map(Process::toHandle).toList();
  }

  @Override
  public synchronized void close() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Process p : processes) {
      try {
        p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException | IllegalArgumentException ignored) {
      // already shutting down, or never launched
    }
    shuffleServer.close();
  }

  private void killAll() {
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      if (p.isAlive()) {
        LOG.warn("Executor {} (pid {}) did not exit after shutdown; killing it", i + 1, p.pid());
        p.destroyForcibly();
        try {
          p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
