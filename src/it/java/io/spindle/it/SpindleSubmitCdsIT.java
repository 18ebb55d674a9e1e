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
 * bin/spindle-submit's class-data sharing archive (issue 15): the first successful run writes
 * it, the next maps the framework's classes from it, and whatever is wrong with it (damaged,
 * no writable cache dir, a failed run) never changes a run's result or its stderr. Each case
 * checks WordCount's output against the shell pipeline.
 */
class SpindleSubmitCdsIT {
  private static final Path HOME = Paths.get(System.getProperty("spindle.home", "../..")).toAbsolutePath().normalize();
  private static final String EXAMPLES_JAR = HOME.resolve("examples/target/spindle-examples.jar").toString();
  private static final Path SAMPLE = HOME.resolve("examples/data/sample.txt");

  @TempDir
  Path dir;

  private record Result(int exitCode, String stderr) {}

  /** Runs bin/spindle-submit with these environment settings (SPINDLE_CDS_DIR, SPINDLE_SUBMIT_OPTS). */
  private static Result submit(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(HOME.resolve("bin/spindle-submit").toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("submit", ".out");
    Path err = Files.createTempFile("submit", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("SPINDLE_SUBMIT_OPTS");
    pb.environment().remove("SPINDLE_CDS");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "spindle-submit finished in time");
    return new Result(p.exitValue(), Files.readString(err));
  }

  /** WordCount on the sample text into a new dir; asserts success, the shell's counts and a quiet stderr. */
  private void wordCount(Map<String, String> env, String name) throws Exception {
    Path out = dir.resolve("out-" + name);
    Result r = submit(env, "--class", "io.spindle.examples.WordCount", EXAMPLES_JAR, SAMPLE.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.stderr());
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    assertEquals(WordCountReference.shellCounts(SAMPLE), WordCountReference.parseOutput(lines));
    // Only the UI's address (log4j) is on stderr: no JVM warning about the archive.
    for (String line : r.stderr().split("\n")) {
      assertFalse(line.contains("cds") || line.contains("shared archive") || line.contains("[warning]"), r.stderr());
    }
  }

  private static List<Path> filesIn(Path cacheDir) throws IOException {
    if (!Files.isDirectory(cacheDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cacheDir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void theFirstRunWritesTheArchiveAndTheNextLoadsTheFrameworkFromIt() throws Exception {
    Path cache = dir.resolve("cds");
    // A run that fails (exit 2: no such jar) records nothing: its few classes would make a poor archive.
    Result usage = submit(Map.of("SPINDLE_CDS_DIR", cache.toString()), "--class", "x.Y", "no-such.jar");
    assertEquals(2, usage.exitCode(), usage.stderr());
    assertEquals(List.of(), filesIn(cache));

    wordCount(Map.of("SPINDLE_CDS_DIR", cache.toString()), "first");
    List<Path> archives = filesIn(cache);
    assertEquals(1, archives.size(), "one archive, no temporary file left: " + archives);
    assertTrue(archives.get(0).getFileName().toString().matches("\\d+-local-\\d+\\.jsa"), archives.toString());

    Path classLog = dir.resolve("classes.log");
    wordCount(Map.of("SPINDLE_CDS_DIR", cache.toString(),
        "SPINDLE_SUBMIT_OPTS", "-Xlog:class+load=info:file=" + classLog), "second");
    String loaded = Files.readString(classLog);
    // "(top)": the dynamic archive on top of the JDK's own; the engine and Hadoop classes come from it.
    assertTrue(loaded.contains("io.spindle.SpindleContext source: shared objects file (top)"), "not from the archive");
    assertTrue(loaded.contains("org.apache.hadoop.conf.Configuration source: shared objects file (top)"),
        "not from the archive");
    assertEquals(archives, filesIn(cache), "the archive is reused, not written again");
  }

  @Test
  void aDamagedArchiveOrAnUnusableCacheDirStillRunsTheJob() throws Exception {
    Path cache = dir.resolve("cds");
    wordCount(Map.of("SPINDLE_CDS_DIR", cache.toString()), "create");
    List<Path> archives = filesIn(cache);
    assertEquals(1, archives.size(), archives.toString());
    byte[] garbage = new byte[64 * 1024];
    new java.util.Random(15).nextBytes(garbage);
    Files.write(archives.get(0), garbage); // same name: the script picks it, the JVM refuses it
    wordCount(Map.of("SPINDLE_CDS_DIR", cache.toString()), "damaged");

    Path notADir = Files.writeString(dir.resolve("a-file"), "x");
    wordCount(Map.of("SPINDLE_CDS_DIR", notADir.resolve("cds").toString()), "no-cache-dir");
    wordCount(Map.of("SPINDLE_CDS", "off", "SPINDLE_CDS_DIR", dir.resolve("unused").toString()), "off");
    assertFalse(Files.exists(dir.resolve("unused")), "SPINDLE_CDS=off writes no archive");
  }
}
