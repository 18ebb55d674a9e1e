package io.spindle.it.yarn;

import io.spindle.it.ProcessRun;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the YARN integration tests share: a user jar of one package of test classes, the
 * {@code spindle-submit --master yarn} command line with a small AM, the client's environment for a
 * minicluster, and a condition wait whose failure message is computed only on timeout.
 */
final class YarnItSupport {
  /** How often conditions on the cluster are polled. */
  static final Duration POLL = Duration.ofMillis(200);

  private YarnItSupport() {}

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
