package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code bin/spindle-submit} from a temporary distribution layout whose {@code java}
 * only prints its arguments, and checks the JVM options the script chooses: ParallelGC for the
 * local-mode driver (issue 15, docs/benchmarks.md), none when a collector was already chosen
 * through any of the environment variables the JVM reads (two collectors would stop it), and none
 * for the YARN client JVM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubmitScriptJvmOptionsTest {
  private static final String PARALLEL = "-XX:+UseParallelGC";

  @TempDir
  Path home;

  @BeforeEach
  void distribution() throws IOException {
    Path script = Paths.get("..", "bin", "spindle-submit").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(script), "no script at " + script);
    Files.createDirectories(home.resolve("bin"));
    Files.copy(script, home.resolve("bin/spindle-submit"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.createDirectories(home.resolve("lib"));
    Files.createFile(home.resolve("lib/spindle-client-0.jar")); // the layout the script looks for
    Path java = home.resolve("jdk/bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The java command line the script would run, one argument per element. */
  private List<String> javaArgs(Map<String, String> env, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder().directory(home.toFile()); // where a test may leave glob bait
    pb.command().add("bash");
    pb.command().add(home.resolve("bin/spindle-submit").toString());
    pb.command().addAll(Arrays.asList(args));
    pb.environment().remove("SPINDLE_SUBMIT_OPTS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().put("JAVA_HOME", home.resolve("jdk").toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().toList();
  }

  @Test
  void localDriverGetsTheThroughputCollectorAfterItsHeap() throws Exception {
    List<String> args = javaArgs(Map.of(), "--master", "local[2]", "--driver-memory", "512m", "--class", "A", "app.jar");
    assertTrue(args.contains(PARALLEL), args.toString());
    assertTrue(args.indexOf("-Xmx512m") < args.indexOf(PARALLEL), args.toString());
    // The application's own arguments follow the main class untouched.
    assertEquals(List.of("--master", "local[2]", "--driver-memory", "512m", "--class", "A", "app.jar"),
        args.subList(args.indexOf("io.spindle.client.SpindleSubmit") + 1, args.size()));
  }

  @Test
  void userOptionsComeAfterTheDefaultSoTheyCanTuneIt() throws Exception {
    List<String> args = javaArgs(Map.of("SPINDLE_SUBMIT_OPTS", "-XX:ParallelGCThreads=1"), "--class", "A", "app.jar");
    assertTrue(args.indexOf(PARALLEL) >= 0 && args.indexOf(PARALLEL) < args.indexOf("-XX:ParallelGCThreads=1"),
        args.toString());
  }

  @Test
  void aCollectorChosenAnywhereIsKeptAlone() throws Exception {
    for (String variable : List.of("SPINDLE_SUBMIT_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      List<String> args = javaArgs(Map.of(variable, "-Dx=y -XX:+UseG1GC"), "--class", "A", "app.jar");
      assertFalse(args.contains(PARALLEL), variable + ": " + args);
    }
    assertFalse(javaArgs(Map.of("SPINDLE_SUBMIT_OPTS", "-XX:+UseSerialGC"), "--class", "A", "app.jar").contains(PARALLEL));
  }

  /** 128 MiB of young generation per task thread (io.spindle.am.JvmOptions.youngGenerationCap says why). */
  @Test
  void localDriverCapsTheYoungGenerationPerTaskThread() throws Exception {
    List<String> two = javaArgs(Map.of(), "--master", "local[2]", "--driver-memory", "4g", "--class", "A", "app.jar");
    assertTrue(two.indexOf("-XX:MaxNewSize=256m") > two.indexOf(PARALLEL), two.toString());
    assertTrue(javaArgs(Map.of(), "--master=local", "--driver-memory=1G", "--class", "A", "app.jar")
        .contains("-XX:MaxNewSize=128m"));
    assertTrue(javaArgs(Map.of(), "--master", "local[3,2]", "--driver-memory", "2048m", "--class", "A", "app.jar")
        .contains("-XX:MaxNewSize=384m"));
    // A third of a 512m heap (the JVM's own cap) is smaller than 256m: nothing added.
    assertNoCap(javaArgs(Map.of(), "--master", "local[2]", "--driver-memory", "512m", "--class", "A", "app.jar"));
    assertNoCap(javaArgs(Map.of(), "--master", "local[2]", "--driver-memory", "lots", "--class", "A", "app.jar"));
    for (String own : List.of("-Xmn64m", "-XX:NewSize=64m", "-XX:MaxNewSize=1g", "-XX:NewRatio=1", "-XX:+UseG1GC")) {
      assertNoCap(javaArgs(Map.of("SPINDLE_SUBMIT_OPTS", own), "--master", "local[2]", "--driver-memory", "4g",
          "--class", "A", "app.jar"));
    }
    assertNoCap(javaArgs(Map.of(), "--master", "yarn", "--driver-memory", "4g", "--class", "A", "app.jar"));
  }

  /** No cap of the script's (its are whole MiB; the user's own sizes in these tests are not). */
  private static void assertNoCap(List<String> args) {
    assertFalse(args.stream().anyMatch(a -> a.matches("-XX:MaxNewSize=\\d+m")), args.toString());
  }

  /**
   * Transparent huge pages for the local driver's heap (io.spindle.am.JvmOptions.transparentHugePages
   * says why) where the kernel's mode is "madvise", not in the YARN client, and not over a large-pages
   * choice of the user's.
   */
  @Test
  void localDriverAsksForTransparentHugePagesOnlyWhereTheKernelGivesThemOnRequest() throws Exception {
    String thp = "-XX:+UseTransparentHugePages";
    Path enabled = home.resolve("thp-enabled");
    Map<String, String> env = Map.of("SPINDLE_THP_ENABLED_FILE", enabled.toString());
    Files.writeString(enabled, "always [madvise] never\n");
    List<String> local = javaArgs(env, "--master", "local[2]", "--class", "A", "app.jar");
    assertTrue(local.contains(thp) && local.indexOf(thp) < local.indexOf("io.spindle.client.SpindleSubmit"), local.toString());
    assertFalse(javaArgs(env, "--master", "yarn", "--class", "A", "app.jar").contains(thp));
    for (String own : List.of("-XX:-UseTransparentHugePages", "-XX:+UseLargePages", "-XX:LargePageSizeInBytes=2m")) {
      List<String> args = javaArgs(Map.of("SPINDLE_THP_ENABLED_FILE", enabled.toString(), "JAVA_TOOL_OPTIONS", own),
          "--class", "A", "app.jar");
      assertFalse(args.contains(thp), own + ": " + args);
    }
    for (String mode : List.of("[always] madvise never\n", "always madvise [never]\n")) {
      Files.writeString(enabled, mode);
      assertFalse(javaArgs(env, "--class", "A", "app.jar").contains(thp), mode);
    }
    Files.delete(enabled); // not Linux, or a kernel without THP
    assertFalse(javaArgs(env, "--class", "A", "app.jar").contains(thp));
  }

  /**
   * The local driver, which runs the tasks (and their encryption at rest), compiles the JDK's AES
   * provider at a tenth of HotSpot's thresholds, one argument each, the pattern's {@code *} intact even
   * beside a file it would match as a glob; the YARN client, C1 only, does not get them.
   */
  @Test
  void localDriverCompilesTheJdksAesEarlyAndTheYarnClientDoesNot() throws Exception {
    Files.createFile(home.resolve("-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.A::b,0.1"));
    List<String> local = javaArgs(Map.of(), "--master", "local[2]", "--class", "A", "app.jar");
    int quiet = local.indexOf("-XX:CompileCommand=quiet");
    assertTrue(quiet > 0 && local.get(quiet + 1).equals(
        "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1"), local.toString());
    // The same options as the executors' (io.spindle.am.JvmOptions, quoted there for YARN's launch script).
    assertEquals(io.spindle.am.JvmOptions.ENCRYPTION_JIT.stream().map(o -> o.replace("'", "")).toList(),
        local.subList(quiet, quiet + 2));
    assertTrue(local.indexOf("-XX:InlineSmallCode=6000") < quiet, "after the driver's own thresholds: " + local);
    List<String> yarn = javaArgs(Map.of(), "--master", "yarn", "--class", "A", "app.jar");
    assertFalse(yarn.stream().anyMatch(a -> a.startsWith("-XX:CompileCommand")), yarn.toString());
  }

  @Test
  void yarnClientJvmKeepsTheJvmDefault() throws Exception {
    List<String> args = javaArgs(Map.of(), "--master", "yarn", "--class", "A", "app.jar");
    assertFalse(args.contains(PARALLEL), args.toString());
    assertFalse(javaArgs(Map.of(), "--status", "application_1_0001").contains(PARALLEL));
  }

  /**
   * The YARN client's class-data archive: recorded (the client writes it in-process after a
   * successful submission) only when the JDK has its base archive, mapped once it exists, and left
   * alone when SPINDLE_SUBMIT_OPTS choose a CDS option themselves.
   */
  @Test
  void yarnClientRecordsThenMapsItsClassDataArchiveUnlessTheUserChoosesSharingOptions() throws Exception {
    Map<String, String> env = Map.of("SPINDLE_CDS_DIR", home.resolve("cds").toString());
    List<String> noBase = javaArgs(env, "--master", "yarn", "--class", "A", "app.jar");
    assertFalse(noBase.stream().anyMatch(a -> a.contains("RecordDynamicDumpInfo") || a.contains("SharedArchiveFile")),
        "a JDK without lib/server/classes.jsa would not start recording: " + noBase);

    Files.createDirectories(home.resolve("jdk/lib/server"));
    Files.writeString(home.resolve("jdk/lib/server/classes.jsa"), "base");
    List<String> recording = javaArgs(env, "--master", "yarn", "--class", "A", "app.jar");
    String property = recording.stream().filter(a -> a.startsWith("-Dspindle.cds.archive=")).findFirst().orElse("");
    Path archive = Path.of(property.substring(property.indexOf('=') + 1));
    assertTrue(recording.contains("-XX:+RecordDynamicDumpInfo") && archive.startsWith(home.resolve("cds"))
        && archive.getFileName().toString().matches("\\d+-yarn-\\d+\\.jsa"), recording.toString());

    Files.writeString(archive, "an archive");
    List<String> mapping = javaArgs(env, "--master", "yarn", "--class", "A", "app.jar");
    assertTrue(mapping.contains("-XX:SharedArchiveFile=" + archive) && mapping.contains(property)
        && !mapping.contains("-XX:+RecordDynamicDumpInfo"), mapping.toString());

    for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:+RecordDynamicDumpInfo")) {
      List<String> args = javaArgs(Map.of("SPINDLE_CDS_DIR", home.resolve("cds").toString(), "SPINDLE_SUBMIT_OPTS", own),
          "--master", "yarn", "--class", "A", "app.jar");
      assertFalse(args.stream().anyMatch(a -> a.startsWith("-Dspindle.cds.archive") || a.equals("-Xlog:cds*=off")),
          own + ": " + args);
    }
  }
}
