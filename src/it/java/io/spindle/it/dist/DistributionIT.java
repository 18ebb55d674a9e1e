package io.spindle.it.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.ProcessRun;
import io.spindle.it.WordCountReference;
import io.spindle.it.yarn.MiniSpindleCluster;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import io.spindle.shuffle.yarn.SpindleShuffleService;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.server.api.AuxiliaryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The binary distribution as an operator uses it: {@code spindle-<version>-bin.tar.gz} unpacked
 * with tar into an empty temporary directory (no source tree on any path the child processes get),
 * {@code bin/spindle-submit} called through a symlink, WordCount in local mode and on a
 * MiniYARNCluster whose NodeManagers load {@code spindle_shuffle} from the tarball's {@code nm/}
 * jar through YARN's aux-service class path, then {@code yarn jar lib/spindle-client-<version>.jar}
 * (Hadoop's RunJar with a class path of Hadoop's jars only, as the yarn script runs it). Outputs
 * are compared with the shell pipeline's counts. Also checks the tarball's listing (tar tzf): no
 * test jars, one version per artifact, every bundled jar in LICENSE, size and jar count as
 * docs/distribution.md prints them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionIT {
  private static final Pattern JAR_NAME = Pattern.compile("^(.+?)-(\\d.*)\\.jar$");

  private Path tarball;
  private Path work;
  private Path home;
  private String version;
  private MiniSpindleCluster cluster;

  @BeforeAll
  void unpack() throws Exception {
    String built = System.getProperty("spindle.dist.tarball");
    assertTrue(built != null && Files.isRegularFile(Path.of(built)),
        "spindle.dist.tarball must name dist/target/spindle-<version>-bin.tar.gz (run through mvn verify): " + built);
    tarball = Path.of(built);
    Matcher m = Pattern.compile("spindle-(.+)-bin\\.tar\\.gz").matcher(tarball.getFileName().toString());
    assertTrue(m.matches(), tarball.toString());
    version = m.group(1);
    work = Files.createTempDirectory("spindle-dist-it").toRealPath();
    Path install = Files.createDirectories(work.resolve("opt"));
    assertEquals(0, run(List.of("tar", "xzf", tarball.toString(), "-C", install.toString()), Map.of()).code);
    home = install.resolve("spindle-" + version);
    assertTrue(Files.isDirectory(home), "the tarball unpacks into spindle-" + version + "/");
  }

  @AfterAll
  void cleanUp() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    if (work != null) {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void listingHasNoTestJarsOneVersionPerArtifactAndTheDocumentedSize() throws Exception {
    Run listing = run(List.of("tar", "tzf", tarball.toString()), Map.of());
    assertEquals(0, listing.code, listing.output);
    List<String> entries = listing.output.lines().map(e -> e.substring(e.indexOf('/') + 1)).toList();
    for (String required : List.of("bin/spindle-submit", "bin/spindle-minicluster", "conf/log4j.properties",
        "conf/spindle-defaults.conf.template", "conf/yarn-site-spindle-shuffle.xml",
        "lib/spindle-client-" + version + ".jar", "nm/spindle-shuffle-service-" + version + "-nm.jar",
        "examples/spindle-examples.jar", "examples/data/sample.txt", "docs/distribution.md",
        "docs/writing-jobs.md", "docs/scheduling.md", "docs/yarn.md", "LICENSE", "NOTICE", "README.md")) {
      assertTrue(entries.contains(required), "the distribution holds " + required + ": " + entries);
    }
    List<String> jars = entries.stream().filter(e -> e.endsWith(".jar")).toList();
    for (String jar : jars) {
      assertFalse(jar.matches(".*-tests?\\.jar") || jar.contains("junit") || jar.contains("minicluster")
          || jar.contains("mockito") || jar.contains("-test-"), "a test jar in the distribution: " + jar);
    }
    List<String> nm = jars.stream().filter(j -> j.startsWith("nm/")).toList();
    assertEquals(List.of("nm/spindle-shuffle-service-" + version + "-nm.jar"), nm, "nm/ holds the shaded jar alone");
    Map<String, String> versions = new HashMap<>();
    List<String> lib = jars.stream().filter(j -> j.startsWith("lib/")).map(j -> j.substring(4)).toList();
    for (String jar : lib) {
      Matcher m = JAR_NAME.matcher(jar);
      assertTrue(m.matches(), "lib/" + jar + " is named <artifact>-<version>.jar");
      String other = versions.put(m.group(1), m.group(2));
      assertTrue(other == null, "two versions of " + m.group(1) + " in lib/: " + other + " and " + m.group(2));
    }
    String license = Files.readString(home.resolve("LICENSE"));
    for (String jar : lib) {
      assertTrue(jar.startsWith("spindle-") || license.contains(jar + " "),
          "LICENSE does not list the bundled " + jar + ": run python3 dist/legal/update-legal.py");
    }
    long mib = Math.round(Files.size(tarball) / (1024.0 * 1024.0));
    System.out.printf("%s: %d MiB, %d jars in lib/ + %d in nm/%n", tarball.getFileName(), mib, lib.size(), nm.size());
    String doc = Files.readString(home.resolve("docs/distribution.md"));
    Matcher stated = Pattern.compile("(\\d+) MiB, (\\d+) jars in `lib/`").matcher(doc);
    assertTrue(stated.find(), "docs/distribution.md states '<n> MiB, <n> jars in `lib/`'");
    assertEquals(lib.size(), Integer.parseInt(stated.group(2)), "jar count in docs/distribution.md");
    assertTrue(Math.abs(mib - Long.parseLong(stated.group(1))) <= Math.max(2, mib / 10),
        "size in docs/distribution.md: " + stated.group(1) + " MiB, built: " + mib + " MiB");
    Run modes = run(List.of("tar", "tzvf", tarball.toString()), Map.of());
    assertTrue(modes.output.lines().filter(l -> l.contains("/bin/spindle-")).allMatch(l -> l.startsWith("-rwxr-xr-x")),
        "bin/ scripts are executable: " + modes.output);
  }

  @Test
  void wordCountInLocalModeThroughASymlinkedScript() throws Exception {
    Path input = work.resolve("local-words.txt");
    Files.writeString(input, WordCountReference.generatedText(7, 20_000));
    Path links = Files.createDirectories(work.resolve("usr-bin"));
    Path link = Files.createSymbolicLink(links.resolve("spindle-submit"), home.resolve("bin/spindle-submit"));
    Path out = work.resolve("local-out");
    Run run = run(List.of(link.toString(), "--master", "local[2]", "--class", "io.spindle.examples.WordCount",
        home.resolve("examples/spindle-examples.jar").toString(), input.toString(), out.toString()), Map.of());
    assertEquals(0, run.code, run.output);
    List<String> lines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(out)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
    }
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertEquals(WordCountReference.shellCounts(input), WordCountReference.parseOutput(lines));

    Run help = run(List.of(link.toString(), "--help"), Map.of());
    assertEquals(0, help.code, help.output);
    assertTrue(help.output.contains("--num-executors"), help.output);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // a cluster start and two applications with executors
  void wordCountOnYarnWithTheServiceFromNmAndThroughYarnJar() throws Exception {
    Path nmJar = home.resolve("nm/spindle-shuffle-service-" + version + "-nm.jar");
    cluster = MiniSpindleCluster.start("DistributionIT", 2, work.resolve("cluster"), conf ->
        conf.set("yarn.nodemanager.aux-services." + ShuffleServiceData.SERVICE_NAME + ".classpath", nmJar.toString()));
    for (int i = 0; i < 2; i++) {
      AuxiliaryService service = unwrap(serviceOf(i));
      assertNotSame(SpindleShuffleService.class.getClassLoader(), service.getClass().getClassLoader(),
          "the NodeManager loaded the service through its aux-service class loader");
      assertEquals(nmJar.toUri().toURL(), service.getClass().getProtectionDomain().getCodeSource().getLocation(),
          "the service class comes from the distribution's nm/ jar");
    }
    FileSystem fs = cluster.fileSystem();
    String text = WordCountReference.generatedText(13, 60_000);
    Path local = work.resolve("yarn-words.txt");
    Files.writeString(local, text);
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/dist/in/words.txt"))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Long> expected = WordCountReference.shellCounts(local);
    Map<String, String> env = Map.of("HADOOP_CONF_DIR", cluster.confDir().toString(), "SPINDLE_CLIENT_MEMORY", "256m");
    List<String> common = List.of("--master", "yarn", "--max-app-attempts", "1", "--driver-memory", "384m",
        "--conf", "spindle.driver.memoryOverhead=128m", "--conf", "spindle.yarn.report.interval=250ms",
        "--executor-memory", "384m", "--conf", "spindle.executor.memoryOverhead=128m",
        "--class", "io.spindle.examples.WordCount", home.resolve("examples/spindle-examples.jar").toString(), "/dist/in");

    List<String> submit = new ArrayList<>(List.of(home.resolve("bin/spindle-submit").toString(), "--num-executors", "2"));
    submit.addAll(common);
    submit.add("/dist/out-submit");
    Run first = run(submit, env);
    assertEquals(0, first.code, first.output);
    assertTrue(first.output.contains("FINISHED") && first.output.contains("SUCCEEDED"), first.output);
    int frameworkJars = Math.toIntExact(Files.list(home.resolve("lib")).count());
    assertTrue(first.output.contains("Framework jars: " + frameworkJars + " in "), first.output);
    assertEquals(expected, WordCountReference.parseOutput(readParts(fs, "/dist/out-submit")));

    // `yarn jar`: the yarn script runs RunJar with `yarn classpath` (the conf dir and Hadoop's jars,
    // none of Spindle's); the client jar's manifest names its neighbours in lib/.
    StringBuilder yarnClasspath = new StringBuilder(cluster.confDir().toString());
    for (String entry : Files.readString(Path.of("target", "minicluster.classpath")).strip().split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.startsWith("spindle-") && !entry.contains("/target/")) {
        yarnClasspath.append(File.pathSeparator).append(entry);
      }
    }
    List<String> yarnJar = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", yarnClasspath.toString(), "org.apache.hadoop.util.RunJar",
        home.resolve("lib/spindle-client-" + version + ".jar").toString(), "--num-executors", "1"));
    yarnJar.addAll(common);
    yarnJar.add("/dist/out-yarn-jar");
    Run second = run(yarnJar, env);
    assertEquals(0, second.code, second.output);
    assertTrue(second.output.contains("Framework jars: " + frameworkJars + " in ")
        && second.output.contains(", 0 uploaded, " + frameworkJars + " already cached"),
        "the content-addressed cache serves the second submission: " + second.output);
    assertEquals(expected, WordCountReference.parseOutput(readParts(fs, "/dist/out-yarn-jar")));
  }

  @SuppressWarnings("unchecked")
  private AuxiliaryService serviceOf(int nodeManager) throws Exception {
    Object aux = cluster.yarn().getNodeManager(nodeManager).getNMContext().getAuxServices();
    Field f = aux.getClass().getDeclaredField("serviceMap"); // as ShadedJarShuffleServiceMiniYarnIT reads it
    f.setAccessible(true);
    AuxiliaryService service = ((Map<?, AuxiliaryService>) f.get(aux)).get(ShuffleServiceData.SERVICE_NAME);
    assertTrue(service != null, "NodeManager " + nodeManager + " runs " + ShuffleServiceData.SERVICE_NAME);
    return service;
  }

  /** The NodeManager wraps services that have their own class loader. */
  private static AuxiliaryService unwrap(AuxiliaryService service) throws Exception {
    if (!service.getClass().getSimpleName().equals("AuxiliaryServiceWithCustomClassLoader")) {
      return service;
    }
    Field wrapped = service.getClass().getDeclaredField("wrapped");
    wrapped.setAccessible(true);
    return (AuxiliaryService) wrapped.get(service);
  }

  private static List<String> readParts(FileSystem fs, String dir) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean success = false;
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
      success |= f.getPath().getName().equals("_SUCCESS");
      if (f.getPath().getName().startsWith("part-")) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        }
      }
    }
    assertTrue(success, dir + "/_SUCCESS");
    return lines;
  }

  /**
   * Runs a command in the work dir with the test JVM's java as JAVA_HOME and no Hadoop or class
   * path settings inherited, so nothing points into the source tree.
   */
  private Run run(List<String> command, Map<String, String> extraEnv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    for (String inherited : List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR", "CLASSPATH", "SPINDLE_HOME",
        "SPINDLE_SUBMIT_OPTS", "HADOOP_CLASSPATH", "JAVA_TOOL_OPTIONS", "MAVEN_OPTS")) {
      env.remove(inherited);
    }
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPINDLE_CDS_DIR", work.resolve("cds").toString()); // its class-data archives go with the work dir
    env.putAll(extraEnv);
    ProcessRun finished = ProcessRun.run(pb, java.time.Duration.ofMinutes(4), command.get(0).equals("tar") ? null : "$ " + String.join(" ", command));
    return new Run(finished.code(), finished.output());
  }

  private record Run(int code, String output) {}
}
