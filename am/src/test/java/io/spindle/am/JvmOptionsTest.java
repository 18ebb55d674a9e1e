package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmOptionsTest {
  @Test
  void optionsSplitAtWhitespace() {
    assertEquals(List.of(), JvmOptions.parse(null));
    assertEquals(List.of(), JvmOptions.parse("   "));
    assertEquals(List.of("-XX:+UseSerialGC", "-Dx=1"), JvmOptions.parse(" -XX:+UseSerialGC \t -Dx=1 "));
  }

  @Test
  void executorCommandCarriesTheExtraOptionsBeforeTheMainClass() {
    String command = executorCommand(512, 1, "-XX:TieredStopAtLevel=1 -Dfoo=bar");
    int options = command.indexOf("-XX:TieredStopAtLevel=1 -Dfoo=bar");
    assertTrue(options > command.indexOf("-Xmx512m") && options < command.indexOf(" io.spindle.executor.remote."),
        command);
  }

  @Test
  void executorsRunTheThroughputCollectorUnlessTheUserChoosesOne() {
    assertEquals(List.of("-XX:+UseParallelGC"), JvmOptions.executorOptions(List.of()));
    assertEquals(List.of("-XX:+UseParallelGC", "-Dx=1", "-XX:+UseGCOverheadLimit"),
        JvmOptions.executorOptions(List.of("-Dx=1", "-XX:+UseGCOverheadLimit")));
    // Two collectors would stop the JVM from starting: the user's choice replaces the default.
    assertEquals(List.of("-XX:+UseG1GC", "-Dx=1"), JvmOptions.executorOptions(List.of("-XX:+UseG1GC", "-Dx=1")));
    assertEquals(List.of("-XX:+UseSerialGC"), JvmOptions.executorOptions(List.of("-XX:+UseSerialGC")));
    assertEquals(List.of("-XX:+UseZGC"), JvmOptions.executorOptions(List.of("-XX:+UseZGC")));
  }

  @Test
  void executorsGetTheC2ThresholdsBeforeTheUsersOptionsSoTheUserCanUndoThem() {
    String command = executorCommand(512, 1, "-XX:Tier4InvocationThreshold=5000");
    int defaults = command.indexOf(String.join(" ", JvmOptions.EXECUTOR_DEFAULTS));
    int user = command.indexOf("-XX:Tier4InvocationThreshold=5000 ");
    assertTrue(defaults > command.indexOf("-Xmx512m") && user > defaults
        && user < command.indexOf(" io.spindle.executor.remote."), command);
    assertTrue(command.contains("-XX:Tier4InvocationThreshold=50000 "), command);
    assertTrue(!command.contains("TieredStopAtLevel"), "executors keep C2: " + command);
  }

  @Test
  void executorsCapTheYoungGenerationAt128MiBPerTaskUnlessTheUserSizesItOrChoosesACollector() {
    assertEquals(List.of("-XX:MaxNewSize=128m"), JvmOptions.youngGenerationCap(List.of(), 2048, 1));
    assertEquals(List.of("-XX:MaxNewSize=512m"), JvmOptions.youngGenerationCap(List.of("-Dx=1"), 4096, 4));
    // A third of the heap (the JVM's own limit) is already no larger: nothing added.
    assertEquals(List.of(), JvmOptions.youngGenerationCap(List.of(), 384, 1));
    assertEquals(List.of(), JvmOptions.youngGenerationCap(List.of(), 1024, 4));
    for (String own : List.of("-Xmn64m", "-XX:NewSize=64m", "-XX:MaxNewSize=1g", "-XX:NewRatio=1", "-XX:+UseG1GC")) {
      assertEquals(List.of(), JvmOptions.youngGenerationCap(List.of(own), 4096, 1), own);
    }
  }

  @Test
  void executorCommandCarriesTheCapBeforeTheUsersOptions() {
    String command = executorCommand(2048, 2, "-Dfoo=bar");
    int cap = command.indexOf("-XX:MaxNewSize=256m ");
    assertTrue(cap > command.indexOf("-Xmx2048m") && cap < command.indexOf("-Dfoo=bar"), command);
  }

  /**
   * The huge-pages choice runs on the node, in the launch script: here as YARN's launch script runs a
   * command (inside {@code exec /bin/bash -c "…"}), against files with each kernel mode.
   */
  @Test
  void executorsAskForTransparentHugePagesOnlyWhereTheKernelGivesThemOnRequest(@TempDir Path dir) throws Exception {
    assertEquals("-XX:+UseTransparentHugePages", onNode(dir, "always [madvise] never\n"));
    assertEquals("", onNode(dir, "[always] madvise never\n")); // the kernel does it for every process
    assertEquals("", onNode(dir, "always madvise [never]\n"));
    assertEquals("", onNode(dir, null)); // no such file: not Linux, or a kernel without THP
  }

  /** What the launch script makes of {@link JvmOptions#transparentHugePages} with this enabled file. */
  private static String onNode(Path dir, String enabled) throws IOException, InterruptedException {
    Path file = dir.resolve("enabled");
    Files.deleteIfExists(file);
    if (enabled != null) {
      Files.writeString(file, enabled);
    }
    String expression = String.join(" ", JvmOptions.transparentHugePages(List.of(), file.toString()));
    Path script = dir.resolve("launch.sh");
    Files.writeString(script, "exec /bin/bash -c \"echo " + expression + "\"\n");
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  /**
   * The encryption's JIT options pass YARN's launch script (inside {@code exec /bin/bash -c "…"}) as
   * written, even beside a file their pattern would match as a glob, and the JVM accepts them without
   * printing anything on stdout (the executor's stdout is the user's).
   */
  @Test
  void theEncryptionJitOptionsReachTheJvmIntactThroughTheLaunchScript(@TempDir Path dir) throws Exception {
    Files.createFile(dir.resolve("-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.A::b,0.1"));
    String options = String.join(" ", JvmOptions.ENCRYPTION_JIT);
    assertEquals("-XX:CompileCommand=quiet\n-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1",
        launch(dir, "printf '%s\\n' " + options).stdout);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Launched version = launch(dir, java + " " + options + " -version");
    assertEquals(0, version.code, version.stderr);
    assertEquals("", version.stdout);
  }

  private record Launched(int code, String stdout, String stderr) {}

  /** Runs {@code command} in {@code dir} as YARN's launch script runs a container's command. */
  private static Launched launch(Path dir, String command) throws IOException, InterruptedException {
    Path script = dir.resolve("launch.sh");
    Files.writeString(script, "exec /bin/bash -c \"" + command + "\"\n");
    Path err = dir.resolve("stderr");
    Process p = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
        .redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code = p.waitFor();
    return new Launched(code, out, Files.readString(err));
  }

  @Test
  void aLargePagesChoiceOfTheUsersIsLeftAlone() {
    assertEquals(1, JvmOptions.transparentHugePages(List.of("-Dx=1"), JvmOptions.THP_ENABLED_FILE).size());
    for (String own : List.of("-XX:-UseTransparentHugePages", "-XX:+UseTransparentHugePages", "-XX:+UseLargePages",
        "-XX:+UseHugeTLBFS", "-XX:LargePageSizeInBytes=2m")) {
      assertEquals(List.of(), JvmOptions.transparentHugePages(List.of(own), JvmOptions.THP_ENABLED_FILE), own);
    }
  }

  @Test
  void executorCommandAsksForHugePagesBeforeTheUsersOptions() {
    String command = executorCommand(2048, 2, "-Dfoo=bar");
    int thp = command.indexOf(JvmOptions.transparentHugePages(List.of(), JvmOptions.THP_ENABLED_FILE).get(0));
    assertTrue(thp > command.indexOf("-Xmx2048m") && thp < command.indexOf("-Dfoo=bar"), command);
  }

  /** The command of an executor container of {@code heapMiB} and {@code cores} with these extra JVM options. */
  private static String executorCommand(int heapMiB, int cores, String extraJavaOptions) {
    ExecutorContainerSpec spec = new ExecutorContainerSpec(new ExecutorResources(Map.of(), List.of()),
        List.of("__app__.jar"), null, heapMiB, cores, "io.spindle.executor.remote.ExecutorMain", "application_1_0001",
        new byte[] {1}, JvmOptions.parse(extraJavaOptions));
    return spec.build("1", "node1", "am:4000").getCommands().get(0);
  }
}
