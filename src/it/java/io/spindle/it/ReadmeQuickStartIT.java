package io.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md honest: runs its first quick-start command (minus the Maven build, which has
 * just happened) and checks that it prints the top words of the sample text.
 */
class ReadmeQuickStartIT {
  private static final Path HOME = Paths.get(System.getProperty("spindle.home", "../..")).toAbsolutePath().normalize();

  @Test
  void firstQuickStartCommandPrintsTheTopWords() throws Exception {
    List<String> readme = Files.readAllLines(HOME.resolve("README.md"), StandardCharsets.UTF_8);
    String build = "mvn -B -q -DskipTests package && ";
    String command = readme.stream().filter(l -> l.startsWith(build)).findFirst()
        .orElseThrow(() -> new AssertionError("README's first command no longer starts with: " + build));
    java.nio.file.Path errFile = Files.createTempFile("quickstart", ".err");
    Process p = new ProcessBuilder("bash", "-c", command.substring(build.length()))
        .directory(HOME.toFile()).redirectError(errFile.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String err = Files.readString(errFile);
    Files.delete(errFile);
    assertEquals(0, p.exitValue(), out + err);
    // The terminal also shows the log on stderr (the status UI's address, at INFO); nothing worse than INFO.
    assertTrue(err.lines().allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d INFO .*")), err);
    // `the` is the most frequent word of examples/data/sample.txt (10 times; see the shell reference).
    long the = WordCountReference.shellCounts(HOME.resolve("examples/data/sample.txt")).get("the");
    assertTrue(out.startsWith("the\t" + the + "\n"), out);
    assertEquals(10, out.lines().count(), out);
  }
}
