package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.client.yarn.YarnLauncher;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Negative or zero counts, sizes and durations, as flags or as {@code spindle.*} settings, are refused
 * by {@code spindle-submit --master yarn} before anything is staged: exit 2 naming the flag, exit 3
 * naming the key. The "cluster" is a conf dir whose ResourceManager and default filesystem would
 * be reached only if the client went on: the RM port is closed, and the staging dir (a local dir)
 * must not appear.
 */
@Timeout(60)
class YarnChecksBeforeStagingTest {
  @TempDir
  Path dir;
  private Path confDir;
  private Path jar;
  private Path staging;

  @BeforeEach
  void cluster() throws Exception {
    confDir = Files.createDirectories(dir.resolve("conf"));
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Configuration yarn = new Configuration(false);
    yarn.set("yarn.resourcemanager.address", "localhost:" + closedPort);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      yarn.writeXml(out);
    }
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", "file:///");
    try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
      core.writeXml(out);
    }
    jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("com/example/Main.class"));
      out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
      out.closeEntry();
    }
    staging = dir.resolve("staging");
  }

  static Stream<Arguments> badFlags() {
    return Stream.of(
        Arguments.of(List.of("--num-executors", "-1"), "--num-executors"),
        Arguments.of(List.of("--num-executors", "two"), "--num-executors"),
        Arguments.of(List.of("--executor-cores", "0"), "--executor-cores"),
        Arguments.of(List.of("--driver-cores", "-2"), "--driver-cores"),
        Arguments.of(List.of("--max-app-attempts", "0"), "--max-app-attempts"),
        Arguments.of(List.of("--executor-memory", "0"), "--executor-memory"),
        Arguments.of(List.of("--executor-memory", "-1g"), "--executor-memory"),
        Arguments.of(List.of("--driver-memory", "0m"), "--driver-memory"));
  }

  @ParameterizedTest
  @MethodSource("badFlags")
  void aBadCountOrSizeFlagExits2NamingTheFlag(List<String> flag, String name) throws Exception {
    Result r = submit(flag);
    assertEquals(ExitCodes.USAGE, r.code, r.err);
    assertTrue(r.err.contains(name) && r.err.contains(flag.get(1)), r.err);
    assertNothingStaged(r);
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(List.of("spindle.executor.instances=-1"), "spindle.executor.instances"),
        Arguments.of(List.of("spindle.executor.memory=0"), "spindle.executor.memory"),
        Arguments.of(List.of("spindle.driver.memory=-5m"), "spindle.driver.memory"),
        Arguments.of(List.of("spindle.executor.cores=0"), "spindle.executor.cores"),
        Arguments.of(List.of("spindle.task.maxFailures=-3"), "spindle.task.maxFailures"),
        Arguments.of(List.of("spindle.locality.wait=-1s"), "spindle.locality.wait"),
        Arguments.of(List.of("spindle.yarn.acceptTimeout=-5s"), "spindle.yarn.acceptTimeout"),
        Arguments.of(List.of("spindle.yarn.cache.maxUnusedAge=2h"), "spindle.yarn.cache.maxUnusedAge"),
        Arguments.of(List.of("spindle.executor.maxFailures=0"), "spindle.executor.maxFailures"),
        Arguments.of(List.of("spindle.dynamicAllocation.enabled=true",
            "spindle.dynamicAllocation.executorIdleTimeout=0s"), "spindle.dynamicAllocation.executorIdleTimeout"),
        Arguments.of(List.of("spindle.dynamicAllocation.enabled=true", "spindle.dynamicAllocation.minExecutors=5",
            "spindle.dynamicAllocation.maxExecutors=2"), "spindle.dynamicAllocation.maxExecutors"),
        Arguments.of(List.of("spindle.dynamicAllocation.maxExecutors=-1"), "spindle.dynamicAllocation.maxExecutors"),
        Arguments.of(List.of("spindle.yarn.executor.nodeLabelExpression=etl&&gpu"),
            "spindle.yarn.executor.nodeLabelExpression"),
        Arguments.of(List.of("spindle.yarn.priority=-1"), "spindle.yarn.priority"),
        Arguments.of(List.of("spindle.executor.failuresValidityInterval=-1h"), "spindle.executor.failuresValidityInterval"),
        Arguments.of(List.of("spindle.yarn.priority=high"), "spindle.yarn.priority"),
        Arguments.of(List.of("spindle.yarn.am.attemptFailuresValidityInterval=soon"),
            "spindle.yarn.am.attemptFailuresValidityInterval"));
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void aBadCountSizeOrDurationSettingExits3NamingTheKey(List<String> settings, String key) throws Exception {
    List<String> args = new ArrayList<>();
    for (String s : settings) {
      args.add("--conf");
      args.add(s);
    }
    Result r = submit(args);
    assertEquals(ExitCodes.INVALID_CONFIG, r.code, r.err);
    assertTrue(r.err.contains(key), r.err);
    assertNothingStaged(r);
  }

  @org.junit.jupiter.api.Test
  void aMissingEventLogDirExits3NamingTheKeyAndNothingIsStaged() throws Exception {
    Path missing = dir.resolve("no-such-history-dir");
    Result r = submit(List.of("--conf", "spindle.eventLog.enabled=true", "--conf",
        "spindle.eventLog.dir=" + missing.toUri()));
    assertEquals(ExitCodes.INVALID_CONFIG, r.code, r.err);
    assertTrue(r.err.contains("spindle.eventLog.dir") && r.err.contains("does not exist")
        && r.err.contains("mkdir"), r.err);
    assertEquals(1, r.err.lines().count(), "one message: " + r.err);
    assertFalse(Files.exists(missing), "the client does not create it (decision: as Spark, it must exist)");
    assertNothingStaged(r);
  }

  @org.junit.jupiter.api.Test
  void anEventLogDirThatIsAFileOrOnAnUnreachableFilesystemExits3() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Result r = submit(List.of("--conf", "spindle.eventLog.enabled=true", "--conf",
        "spindle.eventLog.dir=" + file.toUri()));
    assertEquals(ExitCodes.INVALID_CONFIG, r.code, r.err);
    assertTrue(r.err.contains("spindle.eventLog.dir") && r.err.contains("not a directory"), r.err);
    assertNothingStaged(r);

    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Result unreachable = submit(List.of("--conf", "spindle.eventLog.enabled=true", "--conf",
        "spindle.eventLog.dir=hdfs://localhost:" + closedPort + "/spindle-history"));
    assertEquals(ExitCodes.INVALID_CONFIG, unreachable.code, unreachable.err);
    assertTrue(unreachable.err.contains("Cannot reach the filesystem of spindle.eventLog.dir"), unreachable.err);
    assertNothingStaged(unreachable);
  }

  @org.junit.jupiter.api.Test
  void anExistingLocalEventLogDirPassesAndADisabledLogIsNotChecked() throws Exception {
    Path history = Files.createDirectories(dir.resolve("history"));
    io.spindle.SpindleConf conf = new io.spindle.SpindleConf(false).set("spindle.eventLog.enabled", "true")
        .set("spindle.eventLog.dir", history.toUri().toString());
    io.spindle.client.yarn.EventLogDirCheck.check(conf, new Configuration());
    io.spindle.client.yarn.EventLogDirCheck.check(new io.spindle.SpindleConf(false)
        .set("spindle.eventLog.dir", dir.resolve("missing").toUri().toString()), new Configuration());
  }

  /** As spark-submit: a proxy user with a keytab login cannot work, so it is refused first (exit 2). */
  @org.junit.jupiter.api.Test
  void aProxyUserWithAKeytabOrWithoutAUserNameExits2AndNothingIsStaged() throws Exception {
    Path keytab = Files.writeString(dir.resolve("x.keytab"), "not a keytab");
    Result withKeytab = submit(List.of("--proxy-user", "alice", "--principal", "etl@EXAMPLE.COM", "--keytab",
        keytab.toString()));
    assertEquals(ExitCodes.USAGE, withKeytab.code, withKeytab.err);
    assertTrue(withKeytab.err.contains("--proxy-user cannot go with --principal/--keytab"), withKeytab.err);
    assertNothingStaged(withKeytab);

    Result fromConf = submit(List.of("--conf", "spindle.submit.proxyUser=alice", "--conf",
        "spindle.kerberos.principal=etl@EXAMPLE.COM"));
    assertEquals(ExitCodes.USAGE, fromConf.code, fromConf.err);
    assertNothingStaged(fromConf);

    Result badName = submit(List.of("--proxy-user", "alice bob"));
    assertEquals(ExitCodes.USAGE, badName.code, badName.err);
    assertTrue(badName.err.contains("--proxy-user 'alice bob' is not a user name"), badName.err);
    assertNothingStaged(badName);
  }

  private void assertNothingStaged(Result r) {
    assertFalse(Files.exists(staging), "nothing may be staged: " + r.err);
    assertFalse(r.out.contains("Framework jars") || r.out.contains("Application id"), r.out);
  }

  private record Result(int code, String out, String err) {}

  private Result submit(List<String> extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--master", "yarn", "--class", "com.example.Main",
        "--conf", "spindle.yarn.stagingDir=" + staging.toUri(), "--conf", "spindle.yarn.cacheDir="
            + dir.resolve("cache").toUri()));
    args.addAll(extra);
    args.add(jar.toString());
    SubmitArguments parsed = SubmitArguments.parse(args.toArray(new String[0]));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new YarnLauncher(Map.of("HADOOP_CONF_DIR", confDir.toString()), o, e)
          .run(parsed, SpindleSubmit.configuration(parsed));
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
