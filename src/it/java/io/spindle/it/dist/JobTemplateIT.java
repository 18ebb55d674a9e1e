package io.spindle.it.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/writing-jobs.md's template project (docs/job-template) builds against the artifacts this
 * reactor just built and its two tests pass: the reactor's jars and poms are copied into a
 * temporary local repository, and {@code mvn install} of the template runs with a settings file
 * that makes that the local repository and ~/.m2/repository (through a file:// URL, read only) its
 * only remote: nothing is downloaded and the user's repository gets nothing installed.
 */
class JobTemplateIT {
  private static final Path HOME = Path.of(System.getProperty("spindle.home", "../..")).toAbsolutePath().normalize();
  /** Module dir, artifactId: what the template's dependencies (core, testkit) need from this reactor. */
  private static final String[][] MODULES = {{".", "spindle-parent"}, {"hdfs-io", "spindle-hdfs-io"},
      {"network", "spindle-network"}, {"shuffle-service", "spindle-shuffle-service"}, {"core", "spindle-core"},
      {"am", "spindle-am"}, {"client", "spindle-client"}, {"testkit", "spindle-testkit"}};

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void templateProjectBuildsAndItsTwoTestsPass() throws Exception {
    Path work = Files.createTempDirectory("spindle-job-template").toRealPath();
    try {
      String version = projectVersion();
      Path repo = Files.createDirectories(work.resolve("repo"));
      for (String[] m : MODULES) {
        publish(HOME.resolve(m[0]), m[1], version, repo);
      }
      Path project = work.resolve("sales-by-region");
      copyTree(HOME.resolve("docs/job-template"), project);
      Path userRepo = Path.of(System.getProperty("maven.repo.local",
          Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
      Path settings = Files.writeString(work.resolve("settings.xml"), """
          <settings>
            <localRepository>%s</localRepository>
            <mirrors>
              <mirror><id>read-only-user-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
            </mirrors>
          </settings>
          """.formatted(repo, userRepo.toUri()));

      String mvn = System.getProperty("maven.home") != null
          ? Path.of(System.getProperty("maven.home"), "bin", "mvn").toString() : "mvn";
      Path log = work.resolve("mvn.log");
      Process p = new ProcessBuilder(mvn, "-B", "-s", settings.toString(), "-Dspindle.version=" + version, "install")
          .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("mvn install of the template did not end in 10 minutes:\n" + tail(log));
      }
      String output = Files.readString(log);
      assertEquals(0, p.exitValue(), tail(log));
      Matcher from = Pattern.compile("Download(?:ing|ed) from ([^:]+):").matcher(output);
      while (from.find()) {
        assertEquals("read-only-user-repository", from.group(1), "nothing comes from elsewhere");
      }

      for (String test : List.of("SalesByRegionTest", "SalesByRegionYarnTest")) {
        Path report = project.resolve("target/surefire-reports/TEST-com.example." + test + ".xml");
        assertTrue(Files.isRegularFile(report), test + " ran:\n" + tail(log));
        Matcher m = Pattern.compile("<testsuite[^>]* tests=\"(\\d+)\"[^>]* errors=\"(\\d+)\"[^>]* skipped=\"(\\d+)\""
            + "[^>]* failures=\"(\\d+)\"").matcher(Files.readString(report));
        assertTrue(m.find(), report.toString());
        assertTrue(Integer.parseInt(m.group(1)) > 0, test + " ran tests");
        assertEquals("0 0 0", m.group(2) + " " + m.group(3) + " " + m.group(4), test + ": errors, skipped, failures");
      }

      Path installed = repo.resolve("com/example/sales-by-region/1.0-SNAPSHOT/sales-by-region-1.0-SNAPSHOT.jar");
      assertTrue(Files.isRegularFile(installed), "mvn install put the job jar into the temporary repository");
      try (JarFile jar = new JarFile(installed.toFile())) {
        assertTrue(jar.getEntry("com/example/SalesByRegion.class") != null, "the job");
        assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("com/example/shaded/commons/csv/")),
            "its library, shaded and relocated");
        assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("io/spindle/")), "no Spindle classes");
      }
      assertFalse(Files.exists(userRepo.resolve("com/example/sales-by-region")), "the user's repository is untouched");
    } finally {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** Copies a module's pom and jar where a local repository keeps them. */
  private static void publish(Path module, String artifactId, String version, Path repo) throws IOException {
    Path dir = Files.createDirectories(repo.resolve("io/spindle").resolve(artifactId).resolve(version));
    Files.copy(module.resolve("pom.xml"), dir.resolve(artifactId + "-" + version + ".pom"));
    if (artifactId.equals("spindle-parent")) {
      return;
    }
    Path target = module.resolve("target");
    Path jar = Stream.of(target.resolve(artifactId + "-" + version + ".jar"), target.resolve(artifactId + ".jar"))
        .filter(Files::isRegularFile).findFirst()
        .orElseThrow(() -> new AssertionError(artifactId + ": no jar in " + target + " (run through mvn verify)"));
    Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
  }

  private static String projectVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>spindle-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(HOME.resolve("pom.xml")));
    assertTrue(m.find(), "the reactor's version");
    return m.group(1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          if (!p.getFileName().toString().equals("target")) {
            Files.createDirectories(dest);
          }
        } else if (!from.relativize(p).toString().startsWith("target")) {
          Files.createDirectories(dest.getParent());
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
