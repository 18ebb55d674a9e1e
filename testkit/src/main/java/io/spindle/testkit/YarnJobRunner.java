package io.spindle.testkit;

import io.spindle.it.yarn.MiniSpindleCluster;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Runs {@code spindle-submit --master yarn} against a {@link MiniSpindleCluster} from a job's own
 * tests: a child JVM (the client needs {@code HADOOP_CONF_DIR} in its environment, as on a real
 * edge node) on this JVM's class path, shipping as framework jars spindle-client's run-time closure
 * ({@link #frameworkJars}). The job's classes go in as the application jar, as {@link #jarOf}
 * packs them from {@code target/classes}; its libraries with {@code --jars}.
 */
public final class YarnJobRunner {
  private static final long TIMEOUT_MINUTES = 6;

  /** The client's exit code (see spindle-submit's exit codes) and everything it printed. */
  public record Result(int exitCode, String output) {}

  private final MiniSpindleCluster cluster;

  public YarnJobRunner(MiniSpindleCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * {@code spindle-submit --master yarn <args>} with a small ApplicationMaster (384m heap + 128m)
   * and one attempt; {@code args} are spindle-submit's: {@code --class C [flags] app.jar [job args]}.
   */
  public Result submit(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.spindle.client.SpindleSubmit", "--master", "yarn", "--max-app-attempts", "1",
        "--driver-memory", "384m", "--conf", "spindle.driver.memoryOverhead=128m",
        "--conf", "spindle.executor.memoryOverhead=128m", "--conf", "spindle.yarn.report.interval=250ms",
        "--conf", "spindle.yarn.jars=" + String.join(",", frameworkJars())));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("YARN_CONF_DIR");
    pb.environment().put("HADOOP_CONF_DIR", cluster.confDir().toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path log = Files.createTempFile("spindle-submit", ".log");
    try {
      Process p = pb.redirectOutput(log.toFile()).start();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("spindle-submit did not end within " + TIMEOUT_MINUTES + " minutes:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * What a cluster runs, taken from this JVM's class path: spindle-client and the jars its manifest
   * names (its run-time closure: Spindle, Hadoop's client and their dependencies, the same set as
   * the distribution's lib/), in class path order. The job's own libraries are not among them: pass
   * them with {@code --jars} ({@link #jarContaining}), as a shaded job jar carries them on a cluster.
   */
  static List<String> frameworkJars() throws IOException {
    Path client = jarOf(io.spindle.client.SpindleSubmit.class);
    java.util.Set<String> closure = manifestClassPath(client);
    List<String> jars = new ArrayList<>(List.of(client.toString()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (entry.endsWith(".jar") && Files.isRegularFile(p) && closure.contains(p.getFileName().toString())) {
        jars.add(p.toString());
      }
    }
    return jars;
  }

  /** The jar {@code c} was loaded from, e.g. a library of the job to pass with {@code --jars}. */
  public static Path jarContaining(Class<?> c) throws IOException {
    return jarOf(c);
  }

  private static Path jarOf(Class<?> c) throws IOException {
    try {
      Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
      if (!Files.isRegularFile(p)) {
        throw new IOException(c.getName() + " is not loaded from a jar but from " + p
            + ", not a jar");
      }
      return p;
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  /** File names of a jar's manifest Class-Path. */
  private static java.util.Set<String> manifestClassPath(Path jar) throws IOException {
    java.util.Set<String> names = new java.util.HashSet<>();
    try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar.toFile())) {
      java.util.jar.Manifest m = jf.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
      if (cp != null) {
        for (String e : cp.trim().split("\\s+")) {
          names.add(e.substring(e.lastIndexOf('/') + 1));
        }
      }
    }
    return names;
  }

  /** Packs a classes directory (e.g. {@code target/classes}) into {@code jar}, the application jar. */
  public static Path jarOf(Path classesDir, Path jar) throws IOException {
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> all = Files.walk(classesDir)) {
      for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classesDir.relativize(f).toString().replace(File.separatorChar, '/')));
        try (InputStream in = Files.newInputStream(f)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
