package io.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/spindle-submit end to end, as a user runs it: WordCount on the sample text and on
 * generated text equals the shell reference; bad command lines get one clear line and a
 * distinct exit code.
 */
class SpindleSubmitIT {
  private static final Path HOME = Paths.get(System.getProperty("spindle.home", "../..")).toAbsolutePath().normalize();
  private static final String EXAMPLES_JAR = HOME.resolve("examples/target/spindle-examples.jar").toString();
  private static final String WORD_COUNT = "io.spindle.examples.WordCount";

  @TempDir
  Path dir;

  record Result(int exitCode, String stdout, String stderr) {}

  private static Result submit(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(HOME.resolve("bin/spindle-submit").toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("submit", ".out");
    Path err = Files.createTempFile("submit", ".err");
    Process p = new ProcessBuilder(cmd).directory(HOME.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "spindle-submit finished in time");
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static List<String> partLines(Path outDir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(outDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  private void assertWordCountMatchesShell(Path input, String master) throws Exception {
    Path out = dir.resolve("out-" + master.replaceAll("\\W", ""));
    Result r = submit("--master", master, "--class", WORD_COUNT, EXAMPLES_JAR, input.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    Map<String, Long> expected = WordCountReference.shellCounts(input);
    assertEquals(expected, WordCountReference.parseOutput(partLines(out)));
  }

  @Test
  void wordCountOnTheSampleTextEqualsTheShellPipeline() throws Exception {
    assertWordCountMatchesShell(HOME.resolve("examples/data/sample.txt"), "local[2]");
  }

  @Test
  void wordCountOnGeneratedTextEqualsTheShellPipeline() throws Exception {
    Path input = dir.resolve("generated.txt");
    Files.writeString(input, WordCountReference.generatedText(7, 20_000));
    assertWordCountMatchesShell(input, "local[2]");
    assertWordCountMatchesShell(input, "local");
  }

  @Test
  void wordCountOnEmptyInputWritesNoWords() throws Exception {
    Path input = Files.writeString(dir.resolve("empty.txt"), "");
    Path out = dir.resolve("empty-out");
    Result r = submit("--class", WORD_COUNT, EXAMPLES_JAR, input.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals(List.of(), partLines(out));
  }

  @Test
  void unknownFlagPrintsOneLinePlusUsageAndExits2() throws Exception {
    Result r = submit("--frobnicate", "--class", WORD_COUNT, EXAMPLES_JAR);
    assertEquals(2, r.exitCode());
    assertTrue(r.stderr().startsWith("spindle-submit: Unrecognized option: --frobnicate\nUsage: "), r.stderr());
  }

  @Test
  void missingJarExits2() throws Exception {
    Result r = submit("--class", WORD_COUNT, "no-such.jar");
    assertEquals(2, r.exitCode());
    assertTrue(r.stderr().contains("Application jar not found"), r.stderr());
  }

  @Test
  void helpExits0() throws Exception {
    Result r = submit("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.stdout().contains("--master") && r.stdout().contains("Exit codes"), r.stdout());
  }

  @Test
  void missingInputAndExistingOutputHaveTheirOwnExitCodes() throws Exception {
    Result missing = submit("--class", WORD_COUNT, EXAMPLES_JAR, dir.resolve("nope.txt").toString(),
        dir.resolve("o1").toString());
    assertEquals(4, missing.exitCode(), missing.stderr());
    assertTrue(missing.stderr().contains("Input path does not exist") && missing.stderr().contains("nope.txt"));
    assertFalse(Files.exists(dir.resolve("o1")), "no output written");

    Path existing = Files.createDirectories(dir.resolve("exists"));
    Result exists = submit("--class", WORD_COUNT, EXAMPLES_JAR, HOME.resolve("examples/data/sample.txt").toString(),
        existing.toString());
    assertEquals(5, exists.exitCode(), exists.stderr());
    assertTrue(exists.stderr().contains("already exists"), exists.stderr());
  }

  @Test
  void malformedConfigValueExits3NamingTheKey() throws Exception {
    Result r = submit("--conf", "spindle.task.maxFailures=many", "--class", WORD_COUNT, EXAMPLES_JAR,
        HOME.resolve("examples/data/sample.txt").toString(), dir.resolve("o2").toString());
    assertEquals(3, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains("spindle.task.maxFailures") && r.stderr().contains("many"), r.stderr());
  }
}
