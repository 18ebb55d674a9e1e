package io.spindle.it.yarn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.ProcessRun;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the YARN integration tests share: the built Spindle they run ({@code -Dspindle.home}), a user
 * jar of one package of test classes, the {@code spindle-submit --master yarn} command line with a
 * small AM, the client's environment for a minicluster, a run of that client ({@link SubmitRun}: exit
 * code, output, the application id it printed, a failure message with the AM's log), and a condition
 * wait whose failure message is computed only on timeout.
 */
final class YarnItSupport {
  /** How often conditions on the cluster are polled. */
  static final Duration POLL = Duration.ofMillis(200);
  /** The line spindle-submit prints once YARN accepted the application. */
  static final Pattern APP_ID = Pattern.compile("(?m)^Application id: (application_\\d+_\\d+)$");

  private YarnItSupport() {}

  /**
   * The counters of the shuffle service on NodeManager {@code nm} (loaded from this class path, as
   * {@link MiniSpindleCluster} configures it). YARN keeps its services in a private map.
   */
  @SuppressWarnings("unchecked")
  static io.spindle.shuffle.server.ServerCounters shuffleCounters(MiniSpindleCluster cluster, int nm)
      throws ReflectiveOperationException {
    Object aux = cluster.yarn().getNodeManager(nm).getNMContext().getAuxServices();
    java.lang.reflect.Field services = aux.getClass().getDeclaredField("serviceMap");
    services.setAccessible(true);
    Object service = ((java.util.Map<String, ?>) services.get(aux))
        .get(io.spindle.shuffle.yarn.ShuffleServiceData.SERVICE_NAME);
    return ((io.spindle.shuffle.yarn.SpindleShuffleService) service).counters();
  }

  /** {@code -Dspindle.home}; fails the test unless it holds a built Spindle (its client jar). */
  static String spindleHome() {
    return spindleHome("spindle.home must point at a built Spindle");
  }

  /** {@link #spindleHome()}, failing with {@code message}. */
  static String spindleHome(String message) {
    String home = System.getProperty("spindle.home");
    assertTrue(home != null && Files.isRegularFile(Path.of(home, "client", "target", "spindle-client.jar")),
        message);
    return home;
  }

  /** A user jar of one package's classes from this module's test classes (e.g. {@code io/spindle/it/yarn/apps}). */
  static Path buildJar(String packageDir, Path jar) throws IOException {
    Path classes;
    try {
      classes = Path.of(YarnItSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Path pkg = classes.resolve(packageDir);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(pkg)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * {@code bash <home>/bin/spindle-submit --master yarn} with a small AM (512 MiB container, -Xmx384m),
   * {@code maxAppAttempts} attempts and a 250 ms report interval; the caller adds the rest.
   */
  static List<String> spindleSubmitOnYarn(String home, int maxAppAttempts) {
    return new ArrayList<>(List.of("bash", Path.of(home, "bin", "spindle-submit").toString(),
        "--master", "yarn", "--max-app-attempts", Integer.toString(maxAppAttempts), "--driver-memory", "384m",
        "--conf", "spindle.driver.memoryOverhead=128m", "--conf", "spindle.yarn.report.interval=250ms"));
  }

  /** A client process that finds the minicluster through {@code confDir} and runs on this JVM's Java. */
  static ProcessBuilder clientProcess(List<String> command, Path confDir) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("YARN_CONF_DIR");
    pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("SPINDLE_CLIENT_MEMORY", "256m");
    return pb;
  }

  /** Runs {@code command} as a client of the minicluster, for at most {@code atMost}. */
  static ProcessRun runClient(List<String> command, Path confDir, Duration atMost, String title) {
    try {
      return ProcessRun.run(clientProcess(command, confDir), atMost, title);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * {@link #spindleSubmitOnYarn} followed by {@code args}, run as a client of the minicluster of
   * {@code confDir} for at most {@code atMost}; its output is echoed under {@code $ spindle-submit <args>}.
   */
  static SubmitRun submit(String home, int maxAppAttempts, Path confDir, Duration atMost, List<String> args) {
    return submit(spindleSubmitOnYarn(home, maxAppAttempts), confDir, atMost, args);
  }

  /**
   * {@code command} (e.g. {@link #spindleSubmitOnYarn} with a test class's fixed flags) followed by
   * {@code args}, as {@link #submit(String, int, Path, Duration, List)}: the echo names only {@code args}.
   */
  static SubmitRun submit(List<String> command, Path confDir, Duration atMost, List<String> args) {
    List<String> all = new ArrayList<>(command);
    all.addAll(args);
    ProcessRun finished = runClient(all, confDir, atMost, "$ spindle-submit " + String.join(" ", args));
    return new SubmitRun(finished.code(), finished.output());
  }

  /** A finished spindle-submit: its exit code and output (stdout and stderr merged). */
  record SubmitRun(int code, String output) {
    /** The application id the client printed, if it printed one. */
    Optional<ApplicationId> appIdIfPrinted() {
      Matcher m = APP_ID.matcher(output);
      return m.find() ? Optional.of(ApplicationId.fromString(m.group(1))) : Optional.empty();
    }

    /** The application id the client printed; fails the test if it printed none. */
    ApplicationId appId() {
      Optional<ApplicationId> appId = appIdIfPrinted();
      assertTrue(appId.isPresent(), "no application id in:\n" + output);
      return appId.get();
    }

    /**
     * For assertion messages: the exit code, the output and, when an application id was printed,
     * its AM's log on the cluster {@code clusterName} ({@link AmLogs#of(String, ApplicationId)}).
     */
    String describe(String clusterName) {
      return "exit " + code + ":\n" + output
          + appIdIfPrinted().map(appId -> AmLogs.of(clusterName, appId)).orElse("");
    }
  }

  /**
   * Awaitility's wait for {@code condition}, polling every {@link #POLL}; on timeout the failure
   * carries {@code why}, computed then (it usually reads the AM's logs, too costly for every poll).
   */
  static void awaitOrFail(Duration atMost, Callable<Boolean> condition, Supplier<String> why) {
    try {
      Awaitility.await().atMost(atMost).pollInterval(POLL).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(why.get(), e);
    }
  }
}
