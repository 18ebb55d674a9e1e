package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.APP_ID;
import static io.spindle.it.yarn.YarnItSupport.awaitOrFail;
import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.spindle.it.ProcessRun;
import io.spindle.it.WordCountReference;
import io.spindle.it.yarn.apps.DistributedFilesApp;
import io.spindle.it.yarn.apps.EnvApp;
import io.spindle.it.yarn.apps.ExecutorLossApp;
import io.spindle.it.yarn.apps.ExitApp;
import io.spindle.it.yarn.apps.FailingTaskApp;
import io.spindle.it.yarn.apps.LocalityApp;
import io.spindle.it.yarn.apps.SideFilesApp;
import io.spindle.it.yarn.apps.SleepApp;
import io.spindle.it.yarn.apps.CodeSettingsApp;
import io.spindle.it.yarn.apps.SumApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code bin/spindle-submit --master yarn} end to end, run as a user runs it (a child process
 * with HADOOP_CONF_DIR pointing at the fixture's conf dir), on one MiniDFSCluster +
 * MiniYARNCluster (2 NodeManagers with the shuffle service) for the class. The driver runs inside
 * the ApplicationMaster container; its tasks in executor containers where a test passes
 * {@code --num-executors}, else ({@code --num-executors 0}) on the AM's threads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YarnSubmitIT {
  private static final Duration POLL = YarnItSupport.POLL;
  private static final EnumSet<YarnApplicationState> TERMINAL = EnumSet.of(YarnApplicationState.FINISHED,
      YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private MiniSpindleCluster cluster;
  private YarnClient yarn;
  private FileSystem fs;
  private Path work;
  private Path appsJar;
  private Path extraJar;
  private String home;

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome(
        "spindle.home must point at a built Spindle (client/target/spindle-client.jar)");
    work = Files.createDirectories(Path.of("target", "it-work", "YarnSubmitIT")).toAbsolutePath();
    // This JVM's user (the clients' real user) may act as alice, and only as her (--proxy-user test).
    org.apache.hadoop.conf.Configuration base = new org.apache.hadoop.conf.Configuration();
    String realUser = org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getShortUserName();
    base.set("hadoop.proxyuser." + realUser + ".hosts", "*");
    base.set("hadoop.proxyuser." + realUser + ".users", "alice");
    base.setInt(org.apache.hadoop.yarn.conf.YarnConfiguration.MAX_CLUSTER_LEVEL_APPLICATION_PRIORITY, 10);
    cluster = MiniSpindleCluster.start("YarnSubmitIT", 2, work, base, Map.of());
    fs = cluster.fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(cluster.yarnConf());
    yarn.start();
    appsJar = buildJar("io/spindle/it/yarn/apps", work.resolve("test-apps.jar"));
    extraJar = buildJar("io/spindle/it/yarn/extra", work.resolve("test-extra.jar"));
  }

  @AfterEach
  void killLeftovers() throws Exception {
    for (ApplicationReport r : yarn.getApplications()) {
      if (!TERMINAL.contains(r.getYarnApplicationState())) {
        yarn.killApplication(r.getApplicationId());
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (yarn != null) {
      yarn.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * spark-submit's --proxy-user: the real user (this JVM's) may act as alice, so the application is
   * alice's (the ResourceManager's user, the owner of its output and staging files); acting as bob is
   * refused by the cluster: exit 9, one message naming the keys to set, no application, nothing staged.
   */
  @Test
  void aProxyUserSubmitsAsThatUserWhereTheClusterAllowsItAndIsRefusedWhereNot() throws Exception {
    String realUser = org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getShortUserName();
    org.apache.hadoop.fs.Path aliceHome = new org.apache.hadoop.fs.Path("/user/alice");
    fs.mkdirs(aliceHome);
    fs.setOwner(aliceHome, "alice", "alice"); // as an admin creates a user's home
    String text = "ä b ä\nc ä b\n";
    Path local = work.resolve("proxy-words.txt");
    Files.writeString(local, text);
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/proxy/in/words.txt"))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    Run run = submit("--proxy-user", "alice", "--class", "io.spindle.examples.WordCount", examplesJar(),
        "/proxy/in", "/user/alice/proxy-out");
    assertEquals(0, run.code, run.describe());
    assertTrue(run.output.contains("Submitting as alice, a proxy user on behalf of " + realUser), run.output);
    assertEquals("alice", yarn.getApplicationReport(run.appId()).getUser());
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path("/user/alice/proxy-out");
    assertEquals("alice", fs.getFileStatus(output).getOwner(), "written by the application, as alice");
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(output, p -> p.getName().startsWith("part-"))) {
      assertEquals("alice", part.getOwner());
      lines.addAll(readHdfsLines(part.getPath()));
    }
    assertEquals(WordCountReference.shellCounts(local), WordCountReference.parseOutput(lines));

    int applications = yarn.getApplications().size();
    Run refused = submit("--proxy-user", "bob", "--class", "io.spindle.examples.WordCount", examplesJar(),
        "/proxy/in", "/tmp/bob-out");
    assertEquals(9, refused.code, refused.describe());
    assertTrue(refused.output.contains("spindle-submit: the cluster does not let " + realUser + " act as proxy user"
        + " bob (") && refused.output.contains("hadoop.proxyuser." + realUser + ".hosts"), refused.output);
    assertFalse(refused.output.contains("Application id:"), refused.output);
    assertEquals(applications, yarn.getApplications().size(), "nothing submitted");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/user/bob")), "nothing staged");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/tmp/bob-out")));
  }

  /** spindle.yarn.priority and spindle.yarn.am.attemptFailuresValidityInterval reach YARN's submission. */
  @Test
  void priorityAndAttemptFailuresValidityIntervalReachTheResourceManager() throws Exception {
    Run run = submit("--conf", "spindle.yarn.priority=3", "--conf", "spindle.yarn.am.attemptFailuresValidityInterval=1h",
        "--class", SumApp.class.getName(), appsJar.toString(), "1000");
    assertEquals(0, run.code, run.describe());
    assertEquals(3, yarn.getApplicationReport(run.appId()).getPriority().getPriority());
    org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext submitted = cluster.yarn().getResourceManager()
        .getRMContext().getRMApps().get(run.appId()).getApplicationSubmissionContext();
    assertEquals(3_600_000L, submitted.getAttemptFailuresValidityInterval());

    Run plain = submit("--class", SumApp.class.getName(), appsJar.toString(), "1000");
    assertEquals(0, plain.code, plain.describe());
    assertEquals(0, yarn.getApplicationReport(plain.appId()).getPriority().getPriority(), "the queue's default");
    assertEquals(-1L, cluster.yarn().getResourceManager().getRMContext().getRMApps().get(plain.appId())
        .getApplicationSubmissionContext().getAttemptFailuresValidityInterval(), "YARN's default: all count");
  }

  private List<String> readHdfsLines(org.apache.hadoop.fs.Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  @Test
  void wordCountOverMultiBlockHdfsInputSucceeds() throws Exception {
    String text = WordCountReference.generatedText(11, 150_000);
    Path local = work.resolve("words.txt");
    Files.writeString(local, text);
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("/wordcount/in/words.txt");
    try (OutputStream out = fs.create(input)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(fs.getFileStatus(input).getLen() > 2 * fs.getFileStatus(input).getBlockSize(), "several blocks");

    Run run = submit("--name", "wc-it", "--num-executors", "2", "--executor-memory", "512m",
        "--class", "io.spindle.examples.WordCount", examplesJar(), "/wordcount/in", "/wordcount/out");
    assertEquals(0, run.code, run.describe());
    assertTrue(Pattern.compile("(?m)^Tracking URL: http\\S+$").matcher(run.output).find(), run.describe());
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), run.describe());
    assertEquals("wc-it", report.getName());

    List<String> lines = new ArrayList<>();
    boolean success = false;
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path("/wordcount/out"))) {
      String name = f.getPath().getName();
      success |= name.equals("_SUCCESS");
      if (name.startsWith("part-")) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()),
            StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        }
      }
    }
    assertTrue(success, "_SUCCESS written");
    assertEquals(WordCountReference.shellCounts(local), WordCountReference.parseOutput(lines));
    assertFalse(fs.exists(stagingDir(run.appId())), "the AM removed the staging dir");

    // The tasks ran in executor containers, not on the AM's threads. Executors come on demand; the second
    // normally registers within a fraction of a second of the first, but a job that is over first need not wait.
    String logs = amLogs(run.appId().toString());
    assertTrue(logs.contains("Executor 1 registered") || logs.contains("Executor 2 registered"), logs);
    Matcher launched = Pattern.compile("Stopping: (\\d+) tasks were launched on executors \\[(.*)]").matcher(logs);
    assertTrue(launched.find() && Integer.parseInt(launched.group(1)) > 0, logs);
    assertTrue(java.util.Set.of("1", "2").containsAll(java.util.Set.of(launched.group(2).split(", "))), logs);
    assertNoContainerLogShowsTheAppSecret(run.appId().toString());
  }

  /**
   * {@code spindle.network.crypto.enabled=true}: every executor's connection to the driver is
   * encrypted (the AM says so for each), its shuffle fetches from the NodeManagers' service too (the
   * services count them); with {@code spindle.io.encryption.enabled=true} too (shuffle files encrypted,
   * served as they are, read by reducers of the other executor), WordCount's output is what
   * {@code sort | uniq -c} gives.
   */
  @Test
  void encryptedConnectionsCarryTheDriverRpcAndTheShuffleFetches() throws Exception {
    long before = YarnItSupport.shuffleCounters(cluster, 0).encryptedConnections()
        + YarnItSupport.shuffleCounters(cluster, 1).encryptedConnections();
    String text = WordCountReference.generatedText(17, 40_000) + "ünïcödé Ω 日本語 Ω\n";
    Path local = work.resolve("crypto-words.txt");
    Files.writeString(local, text);
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/crypto/in/words.txt"))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Run run = submit("--conf", "spindle.network.crypto.enabled=true", "--conf", "spindle.io.encryption.enabled=true",
        "--num-executors", "2",
        "--executor-memory", "512m", "--class", "io.spindle.examples.WordCount", examplesJar(), "/crypto/in",
        "/crypto/out");
    assertEquals(0, run.code, run.describe());
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path("/crypto/out"),
        p -> p.getName().startsWith("part-"))) {
      lines.addAll(readHdfsLines(part.getPath()));
    }
    assertEquals(WordCountReference.shellCounts(local), WordCountReference.parseOutput(lines));
    String logs = amLogs(run.appId().toString());
    Matcher registered = Pattern.compile("Executor \\d+ registered from .*").matcher(logs);
    int executors = 0;
    while (registered.find()) {
      executors++;
      assertTrue(registered.group().contains(" over an encrypted connection"), registered.group());
    }
    assertTrue(executors >= 1, logs);
    long after = YarnItSupport.shuffleCounters(cluster, 0).encryptedConnections()
        + YarnItSupport.shuffleCounters(cluster, 1).encryptedConnections();
    assertTrue(after > before, "encrypted shuffle connections " + before + " -> " + after);
    // The executors' JIT reaches the JDK's AES-GCM intrinsics early (JvmOptions.ENCRYPTION_JIT).
    try (Stream<Path> files = Files.walk(Path.of("target", "test", "data", "YarnSubmitIT"))) {
      List<Path> scripts = files.filter(f -> f.getFileName().toString().equals("launch_container.sh")
          && f.toString().contains(run.appId().toString()) && f.toString().contains("logDir")).toList();
      assertTrue(scripts.stream().anyMatch(f -> {
        try {
          return Files.readString(f).contains("CompileThresholdScaling,com.sun.crypto.provider");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }), "an executor's launch script carries the encryption's JIT options: " + scripts);
    }
    assertNoContainerLogShowsTheAppSecret(run.appId().toString());
  }

  /**
   * The application secret, read from the NodeManagers' private copies of the containers'
   * credentials (nmPrivate/.../container_*.tokens), appears in no file of the application's
   * container log dirs (stdout, stderr, and the launch script with its exports that the NodeManager
   * copies there), in base64 or hex: without Kerberos too, it travels in the credentials.
   */
  private void assertNoContainerLogShowsTheAppSecret(String appId) throws IOException {
    Path nodeManagers = Path.of("target", "test", "data", "YarnSubmitIT");
    List<byte[]> secrets = new ArrayList<>();
    List<Path> logFiles;
    try (Stream<Path> files = Files.walk(nodeManagers)) {
      List<Path> all = files.filter(Files::isRegularFile).filter(f -> f.toString().contains(appId)).toList();
      for (Path f : all) {
        if (f.getFileName().toString().endsWith(".tokens") && !f.getFileName().toString().startsWith(".")) {
          org.apache.hadoop.security.Credentials c = new org.apache.hadoop.security.Credentials();
          try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(f))) {
            c.readTokenStorageStream(in);
          }
          byte[] secret = c.getSecretKey(new org.apache.hadoop.io.Text("spindle.application.secret"));
          if (secret != null) {
            secrets.add(secret);
          }
        }
      }
      logFiles = all.stream().filter(f -> f.toString().contains("-logDir-")).toList();
    }
    assertTrue(secrets.size() >= 2, "the AM's and the executors' credentials carry the secret: " + secrets.size());
    assertTrue(logFiles.stream().anyMatch(f -> f.getFileName().toString().equals("launch_container.sh")),
        "the NodeManagers copy the launch scripts into the log dirs: " + logFiles);
    for (Path log : logFiles) {
      String text = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
      for (byte[] secret : secrets) {
        for (String form : List.of(java.util.Base64.getEncoder().encodeToString(secret),
            java.util.Base64.getEncoder().withoutPadding().encodeToString(secret),
            java.util.HexFormat.of().formatHex(secret))) {
          assertFalse(text.contains(form), "the application secret in " + log);
        }
      }
    }
  }

  /**
   * Acceptance: "with executors on every node, at least 80% of the input stage's tasks run
   * NODE_LOCAL (or better)". 12 HDFS blocks of 1 MiB (on both DataNodes), 2 executors on the
   * 2-NodeManager minicluster; the app's listener records each task's locality.
   *
   * <p>What it catches on one machine: preferred locations that do not reach the task scheduler
   * or the container requests (the AM must ask for its executors on the blocks' host), host names
   * that are not normalised (DataNodes say 127.0.0.1, NodeManagers localhost), tasks launched
   * before their executor's locality is known. What it cannot: every NodeManager and DataNode is
   * "localhost", so any executor is on every block's host; it cannot tell a request placed on the
   * right one of several machines from one placed anywhere (ContainerPlacementTest does, with fake
   * demand), nor catch a delay-scheduling regression that only shows with executors on different
   * hosts (DelaySchedulingTest does).
   */
  @Test
  void mostInputTasksRunNodeLocalOnExecutorsRequestedWhereTheBlocksAre() throws Exception {
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("/locality/in/lines.txt");
    byte[] line = "0123456789 abcdefghijklmnopqrstuvwxyz 0123456789 abcdefghijklmnopqrstuvwxyz\n"
        .getBytes(StandardCharsets.UTF_8);
    long size = 12L << 20;
    try (OutputStream out = fs.create(input, true, 1 << 16, (short) 2, 1 << 20)) {
      for (long written = 0; written < size; written += line.length) {
        out.write(line);
      }
    }
    assertTrue(fs.getFileBlockLocations(input, 0, size).length >= 12, "12 blocks");
    org.apache.hadoop.fs.Path report = new org.apache.hadoop.fs.Path("/locality/report.txt");
    Run run = submit("--num-executors", "2", "--executor-memory", "512m", "--class", LocalityApp.class.getName(),
        appsJar.toString(), "/locality/in", report.toString());
    assertEquals(0, run.code, run.describe());

    List<String> tasks = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(report), StandardCharsets.UTF_8))) {
      r.lines().forEach(tasks::add);
    }
    assertTrue(tasks.size() >= 12, "one task per block: " + tasks);
    long local = tasks.stream().filter(t -> t.contains(" NODE_LOCAL ") || t.contains(" PROCESS_LOCAL ")).count();
    assertTrue(local >= 0.8 * tasks.size(), local + " of " + tasks.size() + " NODE_LOCAL or better: " + tasks);
    assertTrue(tasks.stream().noneMatch(t -> t.endsWith(" driver")), "tasks ran on executors: " + tasks);
    String logs = amLogs(run.appId().toString());
    assertTrue(logs.contains("Requesting 2 executor containers") && logs.contains("(locality: [localhost, localhost])"),
        "the executors were requested on the blocks' host: " + logs);
  }

  @Test
  void mapOutputsOfAKilledExecutorAreServedByItsNodeManagerWithoutRerunningMapTasks() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/executor-loss");
    fs.mkdirs(dir);
    Run[] result = new Run[1];
    Exception[] error = new Exception[1];
    Thread submitter = new Thread(() -> {
      try {
        result[0] = submit("--num-executors", "2", "--executor-memory", "512m",
            "--class", ExecutorLossApp.class.getName(), appsJar.toString(), dir.toString());
      } catch (Exception e) {
        error[0] = e;
      }
    });
    submitter.start();
    org.apache.hadoop.fs.Path kill = new org.apache.hadoop.fs.Path(dir, "kill");
    awaitOrFail(Duration.ofSeconds(180), () -> fs.exists(kill) || !submitter.isAlive(),
        () -> "the application never asked for the kill");
    assertTrue(fs.exists(kill), "the application ended before job 1 finished");
    String executorId;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(kill), StandardCharsets.UTF_8))) {
      executorId = r.readLine().trim();
    }
    ApplicationId appId = yarn.getApplications().stream()
        .filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).findFirst().orElseThrow();
    killExecutorJvm(appId, executorId);
    fs.create(new org.apache.hadoop.fs.Path(dir, "killed")).close();

    submitter.join(240_000);
    assertTrue(error[0] == null && result[0] != null, String.valueOf(error[0]));
    Run run = result[0];
    assertEquals(0, run.code, run.describe());
    assertEquals(FinalApplicationStatus.SUCCEEDED, yarn.getApplicationReport(run.appId()).getFinalApplicationStatus());
    String logs = amLogs(run.appId().toString());
    assertTrue(logs.contains("ExecutorLossApp: map tasks ran on executors"), logs);
    assertTrue(logs.contains("Lost executor " + executorId), logs);
  }

  @Test
  void executorsThatCannotStartAreReplacedUpToMaxFailuresThenTheDriverFailsSayingWhy() throws Exception {
    Run run = submit("--num-executors", "1", "--conf", "spindle.executor.maxFailures=1",
        "--conf", "spindle.executor.mainClass=io.spindle.NoSuchExecutorMain",
        "--class", SumApp.class.getName(), appsJar.toString(), "10");
    assertTrue(run.code != 0, run.describe());
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
    // Executors come on demand, so the driver does not wait for them: the AM fails the application.
    String why = "2 executor containers failed, more than spindle.executor.maxFailures=1";
    assertTrue(run.output.contains(why), run.describe());
    assertTrue(report.getDiagnostics().contains(why), report.getDiagnostics());
    assertTrue(report.getDiagnostics().contains("executor 1 exited with code 1"), report.getDiagnostics());
    String logs = amLogs(run.appId().toString());
    assertTrue(logs.contains("Starting executor 2 in container"), "one replacement: " + logs);
    assertTrue(logs.contains("Executor 1 exited with code 1") && logs.contains("(1 of at most 1 failures)"), logs);
    assertFalse(logs.contains("Starting executor 3 in container"), "no replacement past maxFailures: " + logs);
  }

  @Test
  void tooManyExecutorFailuresAfterStartUpFailTheApplication() throws Exception {
    Run submitted = submit("--no-wait", "--num-executors", "1", "--executor-memory", "256m",
        "--conf", "spindle.executor.maxFailures=1",
        "--class", SleepApp.class.getName(), appsJar.toString(), "300");
    assertEquals(0, submitted.code, submitted.describe());
    ApplicationId appId = submitted.appId();
    killExecutorJvm(appId, "1"); // failure 1 of at most 1: replaced by executor 2
    killExecutorJvm(appId, "2"); // failure 2: the AM gives up
    awaitOrFail(Duration.ofSeconds(120), () -> TERMINAL.contains(yarn.getApplicationReport(appId)
        .getYarnApplicationState()), () -> appId + " did not end: " + amLogs(appId.toString()));
    ApplicationReport report = yarn.getApplicationReport(appId);
    assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus(), amLogs(appId.toString()));
    assertTrue(report.getDiagnostics().contains("2 executor containers failed, more than "
        + "spindle.executor.maxFailures=1"), report.getDiagnostics());
    assertFalse(fs.exists(stagingDir(appId)), "the AM removed the staging dir");
  }

  @Test
  void aTaskFailingInEveryAttemptFailsTheApplicationWithTheUserException() throws Exception {
    Run run = submit("--conf", "spindle.task.maxFailures=2", "--class", FailingTaskApp.class.getName(),
        appsJar.toString());
    assertEquals(6, run.code, run.describe()); // JOB_FAILED, as in local mode
    String expected = "java.lang.IllegalStateException: no task may succeed";
    assertTrue(run.output.contains(expected), run.describe());
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
    assertTrue(report.getDiagnostics().contains(expected), report.getDiagnostics());
    assertTrue(report.getDiagnostics().contains("io.spindle.function.JobFailedException"), report.getDiagnostics());
  }

  @Test
  void aTaskFailingInEveryAttemptOnExecutorsFailsTheApplicationWithTheUserException() throws Exception {
    // As above, but the exception is thrown in executor containers and crosses the RPC to the driver.
    Run run = submit("--num-executors", "2", "--executor-memory", "256m", "--conf", "spindle.task.maxFailures=2",
        "--class", FailingTaskApp.class.getName(), appsJar.toString());
    assertEquals(6, run.code, run.describe());
    String expected = "java.lang.IllegalStateException: no task may succeed";
    assertTrue(run.output.contains(expected), run.describe());
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
    assertTrue(report.getDiagnostics().contains(expected), report.getDiagnostics());
    assertTrue(report.getDiagnostics().contains("io.spindle.function.JobFailedException"), report.getDiagnostics());
    String logs = amLogs(run.appId().toString());
    // Executors come on demand: either may register first, and the job may fail before the other does.
    assertTrue(Pattern.compile("Executor \\d+ registered").matcher(logs).find()
        && logs.contains("tasks were launched on executors [") && !logs.contains("launched on executors []"),
        "the tasks ran in executor containers: " + logs);
  }

  @Test
  void aMissingInputPathFailsTheApplicationBeforeAnyExecutorContainerIsRequested() throws Exception {
    long containersBefore = allocatedContainers();
    Run run = submit("--num-executors", "2", "--class", "io.spindle.examples.WordCount", examplesJar(),
        "/no/such/input", "/missing/out");
    assertEquals(4, run.code, run.describe());
    assertTrue(run.output.contains("Input path does not exist") && run.output.contains("/no/such/input"),
        run.describe());
    assertEquals(FinalApplicationStatus.FAILED, yarn.getApplicationReport(run.appId()).getFinalApplicationStatus());
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/missing/out")), "nothing written");
    assertNoTaskRan(run.appId());
    assertNoExecutorContainerRequested(run.appId(), containersBefore);
  }

  @Test
  void anExistingOutputDirFailsTheApplicationBeforeAnyExecutorContainerIsRequested() throws Exception {
    org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path("/exists/in.txt");
    try (OutputStream out = fs.create(in)) {
      out.write("a b c\n".getBytes(StandardCharsets.UTF_8));
    }
    org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path("/exists/out/keep-me");
    fs.create(marker).close();
    long containersBefore = allocatedContainers();
    Run run = submit("--num-executors", "2", "--class", "io.spindle.examples.WordCount", examplesJar(),
        "/exists/in.txt", "/exists/out");
    assertEquals(5, run.code, run.describe());
    assertTrue(run.output.contains("OutputExistsException") && run.output.contains("/exists/out"), run.describe());
    FileStatus[] left = fs.listStatus(new org.apache.hadoop.fs.Path("/exists/out"));
    assertEquals(1, left.length, "the existing output dir is untouched");
    assertEquals("keep-me", left[0].getPath().getName());
    assertNoTaskRan(run.appId());
    assertNoExecutorContainerRequested(run.appId(), containersBefore);
  }

  @Test
  void aMainCallingSystemExitStillUnregistersTheApplicationFailedSayingWhy() throws Exception {
    Run run = submit("--class", ExitApp.class.getName(), appsJar.toString(), "3");
    assertTrue(run.code != 0, run.describe());
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus(), run.describe());
    // Unregistered by the AM's shutdown hook (a crashed AM's diagnostics would only give the container's exit).
    assertTrue(report.getDiagnostics().contains("called System.exit"), report.getDiagnostics());
    assertTrue(run.output.contains("called System.exit"), run.describe());
    assertFalse(fs.exists(stagingDir(run.appId())), "the AM removed the staging dir");
  }

  @Test
  void aMissingClassIsRefusedBeforeSubmission() throws Exception {
    int before = yarn.getApplications().size();
    Run run = submit(examplesJar(), "/in", "/out");
    assertEquals(2, run.code, run.describe());
    assertTrue(run.output.contains("Missing --class"), run.describe());
    Run wrongClass = submit("--class", "com.example.Nope", examplesJar());
    assertEquals(2, wrongClass.code, wrongClass.describe());
    assertTrue(wrongClass.output.contains("Class com.example.Nope not found"), wrongClass.describe());
    assertEquals(before, yarn.getApplications().size(), "nothing was submitted");
  }

  /**
   * The ResourceManager's refusal in one line with its reason (it came as a bare
   * UndeclaredThrowableException: doAs wraps YARN's checked exception), exit 9, and nothing left
   * staged. The client does not check the queue itself: schedulers may create queues on demand
   * (Fair Scheduler's undeclared pools, Capacity Scheduler's auto-created leaf queues), so only the
   * RM knows whether a name is refused.
   */
  @Test
  void aSubmissionTheResourceManagerRefusesSaysWhyAndLeavesNothingStaged() throws Exception {
    Run run = submit("--queue", "nosuchqueue", "--class", SumApp.class.getName(), appsJar.toString(), "1");
    assertEquals(9, run.code, run.describe());
    assertTrue(run.output.contains("spindle-submit: submission to YARN failed: ")
        && run.output.contains("unknown queue: nosuchqueue"), run.describe());
    assertFalse(run.output.contains("UndeclaredThrowableException"), run.describe());
    Matcher refused = Pattern.compile("(application_\\d+_\\d+)").matcher(run.output);
    assertTrue(refused.find(), "the RM's message names the application: " + run.describe());
    assertFalse(fs.exists(stagingDir(ApplicationId.fromString(refused.group(1)))),
        "the refused application's staging dir was removed");
  }

  /**
   * Containers the cluster can never grant (its largest: 4 GiB, 4 vcores here) are refused with exit 3
   * naming the setting, before anything is staged or submitted (they made the RM refuse the submission,
   * exit 9, or the AM fail its allocate call twice, exit 7, after staging).
   */
  @Test
  void containersLargerThanTheClustersLargestAreRefusedBeforeStaging() throws Exception {
    int before = yarn.getApplications().size();
    org.apache.hadoop.fs.Path stagingBase = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/staging");
    int stagedBefore = fs.exists(stagingBase) ? fs.listStatus(stagingBase).length : 0;
    Map<List<String>, String> refused = Map.of(
        List.of("--num-executors", "1", "--executor-memory", "10g"), "spindle.executor.memory = 10g",
        List.of("--driver-memory", "20g"), "spindle.driver.memory = 20g",
        List.of("--num-executors", "1", "--executor-cores", "9"), "spindle.executor.cores = 9 vcores");
    for (Map.Entry<List<String>, String> flags : refused.entrySet()) {
      List<String> args = new ArrayList<>(flags.getKey());
      args.addAll(List.of("--class", SumApp.class.getName(), appsJar.toString(), "10"));
      Run run = submit(args.toArray(new String[0]));
      assertEquals(3, run.code, run.describe());
      assertTrue(run.output.contains(flags.getValue()) && run.output.contains("larger than this cluster's largest container"),
          run.describe());
      assertFalse(run.output.contains("Framework jars:"), "nothing staged: " + run.describe());
    }
    assertEquals(before, yarn.getApplications().size(), "nothing was submitted");
    assertEquals(stagedBefore, fs.exists(stagingBase) ? fs.listStatus(stagingBase).length : 0, "no staging dir");
  }

  /** The same size set in the application's code, which only the AM sees: exit 3 too, no executor requested. */
  @Test
  void anExecutorSizeSetInCodeAboveTheClustersLargestFailsTheDriverBeforeAnyRequest() throws Exception {
    Run run = submit("--num-executors", "1", "--max-app-attempts", "2", "--class", CodeSettingsApp.class.getName(),
        appsJar.toString(), "spindle.executor.memory=10g");
    assertEquals(3, run.code, run.describe());
    String logs = amLogs(run.appId().toString());
    assertTrue(run.output.contains("spindle.executor.memory = 10g"), run.describe() + logs);
    assertFalse(logs.contains("Requesting"), "no executor container requested:\n" + logs);
    assertEquals(1, yarn.getApplicationAttempts(run.appId()).size(), "one AM attempt of the two allowed: the error is deterministic");
  }

  /** spindle.yarn.appMasterEnv.* reaches the driver only, spindle.executorEnv.* the executors' tasks only. */
  @Test
  void environmentVariablesReachTheAmOrTheExecutorsAsTheirPrefixSays() throws Exception {
    String out = "/env/out.txt";
    Run run = submit("--num-executors", "1", "--executor-memory", "512m",
        "--conf", "spindle.executor.memoryOverhead=384m",
        "--conf", "spindle.yarn.appMasterEnv.IT_SHARED=am ü", "--conf", "spindle.executorEnv.IT_SHARED=executor ü",
        "--conf", "spindle.yarn.appMasterEnv.IT_AM_ONLY=1",
        "--class", EnvApp.class.getName(), appsJar.toString(), out, "IT_SHARED");
    assertEquals(0, run.code, run.describe());
    assertEquals(List.of("driver=am ü", "executor=executor ü"), readLines(new org.apache.hadoop.fs.Path(out)));
    Run amOnly = submit("--num-executors", "1", "--executor-memory", "512m",
        "--conf", "spindle.executor.memoryOverhead=384m", "--conf", "spindle.yarn.appMasterEnv.IT_AM_ONLY=1",
        "--class", EnvApp.class.getName(), appsJar.toString(), out + ".2", "IT_AM_ONLY");
    assertEquals(0, amOnly.code, amOnly.describe());
    assertEquals(List.of("driver=1", "executor=null"), readLines(new org.apache.hadoop.fs.Path(out + ".2")));
  }

  private List<String> readLines(org.apache.hadoop.fs.Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  @Test
  void withoutHadoopConfDirTheClientRefusesToGuessTheCluster() throws Exception {
    Run run = spindleSubmit(List.of("--master", "yarn", "--class", SumApp.class.getName(), appsJar.toString(), "1"),
        false);
    assertEquals(2, run.code, run.describe());
    assertTrue(run.output.contains("needs HADOOP_CONF_DIR or YARN_CONF_DIR"), run.describe());
  }

  @Test
  void killEndsARunningApplicationAndRemovesItsStagingDir() throws Exception {
    Run submitted = submit("--no-wait", "--class", SleepApp.class.getName(), appsJar.toString(), "300");
    assertEquals(0, submitted.code, submitted.describe());
    ApplicationId appId = submitted.appId();
    waitFor(appId, YarnApplicationState.RUNNING);
    assertTrue(fs.exists(stagingDir(appId)), "staging dir while running");
    // SleepApp's job (3 tasks) is done before it sleeps: the AM's heartbeats carry 3/3 to the RM.
    awaitOrFail(Duration.ofSeconds(60), () -> yarn.getApplicationReport(appId).getProgress() >= 1f,
        () -> "progress stuck at " + progress(appId) + amLogs(appId.toString()));

    Run killed = spindleSubmit(List.of("--kill", appId.toString()));
    assertEquals(0, killed.code, killed.describe());
    ApplicationReport report = yarn.getApplicationReport(appId);
    assertEquals(YarnApplicationState.KILLED, report.getYarnApplicationState());
    assertFalse(fs.exists(stagingDir(appId)), "staging dir removed by --kill");

    Run status = spindleSubmit(List.of("--status", appId.toString()));
    assertEquals(0, status.code, status.describe());
    assertTrue(status.output.contains("State: KILLED"), status.describe());
  }

  @Test
  void anApplicationStuckInAcceptedIsReportedWithTheSchedulersDiagnosticsAndKilled() throws Exception {
    Run holder = submit("--no-wait", "--class", SleepApp.class.getName(), appsJar.toString(), "300");
    assertEquals(0, holder.code, holder.describe());
    waitFor(holder.appId(), YarnApplicationState.RUNNING);

    // The queue's AM share (10% of 8 GiB) is taken by the running AM: this one stays ACCEPTED.
    Run stuck = submit("--conf", "spindle.yarn.acceptTimeout=5s", "--class", SumApp.class.getName(),
        appsJar.toString(), "10");
    assertEquals(10, stuck.code, stuck.describe());
    assertTrue(stuck.output.contains("is still ACCEPTED after 5 s") && stuck.output.contains("the scheduler says: "),
        stuck.describe());
    assertTrue(stuck.output.toLowerCase(java.util.Locale.ROOT).contains("am resource limit"), stuck.describe());
    assertEquals(YarnApplicationState.KILLED, yarn.getApplicationReport(stuck.appId()).getYarnApplicationState());
    assertFalse(fs.exists(stagingDir(stuck.appId())), "staging dir of the killed application removed");
  }

  @Test
  void jarsAndFilesReachTheDriverAndItsTasks() throws Exception {
    Path names = work.resolve("names.txt");
    Files.writeString(names, "ada\nalan\ngrace\n");
    Run run = submit("--jars", extraJar.toString(), "--files", names.toString(), "--class",
        SideFilesApp.class.getName(), appsJar.toString(), "names.txt");
    assertEquals(0, run.code, run.describe());
  }

  /**
   * --files (a local file renamed with #alias, and one already in HDFS) and --archives (a zip unpacked under its
   * alias) reach the working dirs of the driver and of an executor container; a clash of names is refused before
   * submission.
   */
  @Test
  void filesAndArchivesWithAliasesReachTheDriverAndTheExecutors() throws Exception {
    Path local = work.resolve("local-names.txt");
    Files.writeString(local, "ada lovelace\n");
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path("/it/dist/remote-names.txt");
    try (OutputStream out = fs.create(remote, true)) {
      out.write("grace hopper – ünïcode\n".getBytes(StandardCharsets.UTF_8));
    }
    Path zip = work.resolve("dictionary.zip");
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("words/first.txt"));
      out.write("alan turing\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Run run = submit("--num-executors", "1", "--executor-memory", "384m",
        "--files", local + "#people.txt," + fs.makeQualified(remote),
        "--archives", zip + "#dict", "--class", DistributedFilesApp.class.getName(), appsJar.toString(),
        "people.txt", "remote-names.txt", "dict/words/first.txt");
    assertEquals(0, run.code, run.describe());

    Run clash = submit("--files", local + "#same.txt", "--archives", zip + "#same.txt",
        "--class", DistributedFilesApp.class.getName(), appsJar.toString());
    assertEquals(2, clash.code, clash.describe());
    assertTrue(clash.output.contains("would be linked as 'same.txt'"), clash.describe());
    assertFalse(APP_ID.matcher(clash.output).find(), "refused before submission: " + clash.describe());
  }

  /**
   * {@code yarn jar client/target/spindle-client.jar <flags>}: the yarn script runs Hadoop's RunJar with the cluster's
   * class path (its conf dir and Hadoop's jars, none of Spindle's); the client jar's manifest names the main class and
   * its lib/ jars, and the client finds Spindle's home (framework jars, log4j.properties) from the jar.
   */
  @Test
  void yarnJarOfTheClientJarSubmitsWithTheSameFlags() throws Exception {
    StringBuilder hadoopClassPath = new StringBuilder(cluster.confDir().toString());
    for (String entry : Files.readString(Path.of("target", "minicluster.classpath")).strip().split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.startsWith("spindle-") && !entry.contains("/target/classes") && !entry.contains("/target/test-classes")) {
        hadoopClassPath.append(java.io.File.pathSeparator).append(entry);
      }
    }
    List<String> args = List.of("--master", "yarn", "--num-executors", "0", "--max-app-attempts", "1",
        "--driver-memory", "384m", "--conf", "spindle.driver.memoryOverhead=128m",
        "--class", SumApp.class.getName(), appsJar.toString(), "1000");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", hadoopClassPath.toString(), "org.apache.hadoop.util.RunJar",
        Path.of(home, "client", "target", "spindle-client.jar").toString()));
    command.addAll(args);
    Run run = runClient(command, args, true);
    assertEquals(0, run.code, run.describe());
    assertTrue(APP_ID.matcher(run.output).find(), run.describe());
    assertTrue(run.output.contains("FINISHED") && run.output.contains("SUCCEEDED"), run.describe());
  }

  @Test
  void frameworkJarsAreUploadedOnceForConsecutiveSubmissions() throws Exception {
    Run first = submit("--class", SumApp.class.getName(), appsJar.toString(), "1000");
    assertEquals(0, first.code, first.describe());
    Map<String, Long> cached = cacheFiles();
    // Spindle's own jars one by one, the ~120 others in one archive (FrameworkArchive): counted in jars.
    assertEquals(1, cached.keySet().stream().filter(n -> n.endsWith(".zip")).count(), "one archive: " + cached.keySet());
    assertTrue(cached.keySet().stream().filter(n -> n.endsWith(".jar")).count() >= 5, "Spindle's jars: " + cached.keySet());
    Matcher shipped = Pattern.compile("Framework jars: (\\d+) in ").matcher(first.output);
    assertTrue(shipped.find(), first.describe());
    int jars = Integer.parseInt(shipped.group(1));
    assertTrue(jars > 10, "framework jars: " + jars);

    // Files no submission shipped for 40 days, in the jar cache and in the user's file cache, and both
    // dirs' last removal pass two days ago: the next submission removes those files and nothing else.
    org.apache.hadoop.fs.Path jarCache = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/cache");
    org.apache.hadoop.fs.Path fileCache = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/staging/.files-"
        + org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getShortUserName());
    Map<String, Long> userFiles = dirFiles(fileCache);
    long now = System.currentTimeMillis();
    List<org.apache.hadoop.fs.Path> unused = new ArrayList<>();
    for (org.apache.hadoop.fs.Path dir : List.of(jarCache, fileCache)) {
      org.apache.hadoop.fs.Path old = new org.apache.hadoop.fs.Path(dir, "0123abcd-unused-for-40-days.jar");
      fs.create(old).close();
      fs.setTimes(old, now - 40 * 86_400_000L, now - 40 * 86_400_000L);
      unused.add(old);
      org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path(dir, ".last-removal-pass");
      assertTrue(fs.exists(marker), "the first submission's pass left its marker in " + dir);
      fs.setTimes(marker, now - 2 * 86_400_000L, now - 2 * 86_400_000L);
    }
    // Staging dirs left 3 days ago by applications whose AM could not remove its own (the first
    // submission's, which finished; an id this ResourceManager issued but never ran) are removed; one of
    // another ResourceManager's (another cluster timestamp) is not, nor is the file cache dir.
    org.apache.hadoop.fs.Path stagingBase = fileCache.getParent();
    ApplicationId ended = first.appId();
    List<org.apache.hadoop.fs.Path> leftovers = List.of(new org.apache.hadoop.fs.Path(stagingBase, ended.toString()),
        new org.apache.hadoop.fs.Path(stagingBase, ApplicationId.newInstance(ended.getClusterTimestamp(), 9000).toString()));
    org.apache.hadoop.fs.Path otherRm = new org.apache.hadoop.fs.Path(stagingBase,
        ApplicationId.newInstance(ended.getClusterTimestamp() - 1, 1).toString());
    for (org.apache.hadoop.fs.Path dir : Stream.concat(leftovers.stream(), Stream.of(otherRm)).toList()) {
      fs.create(new org.apache.hadoop.fs.Path(dir, "app.jar")).close();
      fs.setTimes(dir, now - 3 * 86_400_000L, -1);
    }
    org.apache.hadoop.fs.Path sweepMarker = new org.apache.hadoop.fs.Path(fileCache, ".last-staging-sweep");
    assertTrue(fs.exists(sweepMarker), "the first submission swept the staging dirs");
    fs.setTimes(sweepMarker, now - 2 * 86_400_000L, -1);

    Run second = submit("--class", SumApp.class.getName(), appsJar.toString(), "2000");
    assertEquals(0, second.code, second.describe());
    for (org.apache.hadoop.fs.Path old : unused) {
      assertFalse(fs.exists(old), old + " was removed: " + second.describe());
    }
    assertTrue(second.output.contains("Removed 1 file(s) unused for over 30d from the jar cache "), second.describe());
    assertTrue(second.output.contains("Removed 1 file(s) unused for over 30d from the file cache "), second.describe());
    assertEquals(userFiles, dirFiles(fileCache), "the user's files were shipped again from the cache, and kept");
    for (org.apache.hadoop.fs.Path dir : leftovers) {
      assertFalse(fs.exists(dir), dir + " was removed: " + second.describe());
    }
    assertTrue(fs.exists(otherRm), "another ResourceManager's application's dir is kept: " + second.describe());
    assertTrue(second.output.contains("Removed the staging dirs of 2 ended application(s) from "), second.describe());
    assertTrue(second.output.contains(", 0 uploaded, " + jars + " already cached"), second.describe());
    assertFalse(second.output.contains("localized PRIVATE"), "the cache is PUBLIC: " + second.describe());
    assertEquals(SumApp.class.getName(), yarn.getApplicationReport(second.appId()).getName(),
        "without --name the application is named after its main class");
    assertEquals(cached, cacheFiles(), "no cached jar was written again");
  }

  /**
   * Issue 12 on YARN: the event log goes to HDFS (named by the YARN application id, renamed at the
   * end), and with spindle.yarn.historyServer.address set the AM unregisters with the history
   * server's page of the application as its final tracking URL, which a history server reading
   * that HDFS directory serves.
   */
  @Test
  void eventLogInHdfsAndTheFinalTrackingUrlPointsAtTheHistoryServer() throws Exception {
    org.apache.hadoop.fs.Path logs = new org.apache.hadoop.fs.Path("/spindle-history");
    fs.mkdirs(logs);
    io.spindle.config.Settings historyConf = new io.spindle.config.Settings(false)
        .set("spindle.history.fs.logDirectory", fs.makeQualified(logs).toString())
        .set("spindle.history.ui.port", "0").set("spindle.history.fs.update.interval", "500ms");
    try (io.spindle.status.HistoryServer history = io.spindle.status.HistoryServer.start(historyConf, fs.getConf(),
        java.net.InetAddress.getLoopbackAddress(), "localhost")) {
      String address = history.url().substring("http://".length());
      Run run = submit("--name", "history-it", "--conf", "spindle.eventLog.enabled=true",
          "--conf", "spindle.eventLog.dir=" + fs.makeQualified(logs),
          "--conf", "spindle.yarn.historyServer.address=" + address,
          "--class", SumApp.class.getName(), appsJar.toString(), "1000");
      assertEquals(0, run.code, run.describe());
      String appId = run.appId().toString();
      // Named by the YARN attempt, as Spark on YARN names it: <appId>_1 for attempt 1.
      assertTrue(fs.exists(new org.apache.hadoop.fs.Path(logs, appId + "_1")), "the event log in HDFS, renamed at the end: "
          + java.util.Arrays.toString(fs.listStatus(logs)));
      assertFalse(fs.exists(new org.apache.hadoop.fs.Path(logs, appId + "_1.inprogress")));

      ApplicationReport report = yarn.getApplicationReport(run.appId());
      String finalUrl = history.url() + "/history/" + appId + "/";
      assertEquals(finalUrl, report.getOriginalTrackingUrl(), "the AM's final tracking URL");
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      // The history server may have listed the log while it was in progress (it rescans every 500 ms):
      // wait for it to see the finished log, not only for the page.
      awaitOrFail(Duration.ofSeconds(60), () -> {
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(finalUrl)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains(", completed");
      }, () -> "the history server did not pick up the completed " + appId);
      String page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(finalUrl)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      // SumApp names itself "sum" in code, which wins over --name
      assertTrue(page.contains("<h1>sum</h1>") && page.contains(appId) && page.contains(", completed")
          && page.contains("Jobs (1)"), page);
      String apps = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(history.url()
          + "/api/v1/applications")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(apps.contains("\"id\":\"" + appId + "\"") && apps.contains("\"attemptId\":\"1\""),
          "the history server lists the YARN attempt: " + apps);
    }
  }

  // ---- helpers

  /** spindle-submit --master yarn with a small AM (512 MiB container, -Xmx384m) and one attempt. */
  private Run submit(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--master", "yarn", "--max-app-attempts", "1",
        "--driver-memory", "384m", "--conf", "spindle.driver.memoryOverhead=128m",
        "--conf", "spindle.yarn.report.interval=250ms"));
    if (!List.of(args).contains("--num-executors")) {
      all.addAll(List.of("--num-executors", "0")); // tasks on AM threads: these tests are about submitting (CI has 2 cores)
    }
    all.addAll(List.of(args));
    return spindleSubmit(all);
  }

  private Run spindleSubmit(List<String> args) throws Exception {
    return spindleSubmit(args, true);
  }

  private Run spindleSubmit(List<String> args, boolean withConfDir) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", Path.of(home, "bin", "spindle-submit").toString()));
    command.addAll(args);
    return runClient(command, args, withConfDir);
  }

  private Run runClient(List<String> command, List<String> args, boolean withConfDir) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.environment().remove("YARN_CONF_DIR");
    if (withConfDir) {
      pb.environment().put("HADOOP_CONF_DIR", cluster.confDir().toString());
    }
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("SPINDLE_CLIENT_MEMORY", "256m");
    ProcessRun finished = ProcessRun.run(pb, java.time.Duration.ofMinutes(4), "$ spindle-submit " + String.join(" ", args));
    return new Run(finished.code(), finished.output());
  }

  private final class Run {
    final int code;
    final String output;

    Run(int code, String output) {
      this.code = code;
      this.output = output;
    }

    ApplicationId appId() {
      Matcher m = APP_ID.matcher(output);
      assertTrue(m.find(), "no 'Application id:' line in\n" + output);
      return ApplicationId.fromString(m.group(1));
    }

    /** The client's output, and the AM's stderr if there is one, for assertion messages. */
    String describe() {
      Matcher m = APP_ID.matcher(output);
      return "exit " + code + ", client output:\n" + output + (m.find() ? amLogs(m.group(1)) : "");
    }
  }

  private String amLogs(String appId) {
    StringBuilder sb = new StringBuilder();
    // MiniYARNCluster keeps its NodeManagers' log dirs under target/test/data/<name>.
    try (Stream<Path> files = Files.walk(Path.of("target", "test", "data", "YarnSubmitIT"))) {
      files.filter(f -> f.toString().contains(appId) && f.getFileName().toString().equals("stderr"))
          .forEach(f -> {
            try {
              String s = Files.readString(f);
              sb.append("\n--- ").append(f).append(":\n").append(s.length() > 8000 ? s.substring(s.length() - 8000) : s);
            } catch (IOException e) {
              sb.append("\n(cannot read ").append(f).append(')');
            }
          });
    } catch (IOException | RuntimeException e) {
      sb.append("\n(no AM logs: ").append(e).append(')');
    }
    return sb.toString();
  }

  /** kill -9 of a registered executor's JVM, found by its container's working dir (its -Djava.io.tmpdir). */
  private void killExecutorJvm(ApplicationId appId, String executorId) throws Exception {
    Pattern startedLine = Pattern.compile("Starting executor " + executorId + " in container (\\S+)");
    AtomicReference<String> startedIn = new AtomicReference<>();
    awaitOrFail(Duration.ofSeconds(120), () -> {
      Matcher started = startedLine.matcher(amLogs(appId.toString()));
      if (started.find()) {
        startedIn.set(started.group(1));
      }
      return startedIn.get() != null;
    }, () -> "executor " + executorId + " never started: " + amLogs(appId.toString()));
    String container = startedIn.get();
    awaitOrFail(Duration.ofSeconds(120), () -> amLogs(appId.toString()).contains("Executor " + executorId
        + " registered"), () -> "executor " + executorId + " never registered: " + amLogs(appId.toString()));
    AtomicReference<List<ProcessHandle>> found = new AtomicReference<>(List.of());
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(POLL).until(() -> {
        found.set(ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)) // not the launch script
            .filter(p -> p.info().commandLine().map(c -> c.contains(container) && c.contains("ExecutorMain"))
                .orElse(false))
            .toList());
        return !found.get().isEmpty();
      });
    } catch (ConditionTimeoutException e) {
      // the assertion below says which JVM is missing
    }
    List<ProcessHandle> jvms = found.get();
    assertEquals(1, jvms.size(), "the JVM of " + container);
    jvms.get(0).destroyForcibly();
    jvms.get(0).onExit().get(30, TimeUnit.SECONDS);
  }

  /** Containers the ResourceManager has allocated so far, over all applications (root queue metrics). */
  private long allocatedContainers() {
    return cluster.yarn().getResourceManager().getResourceScheduler().getRootQueueMetrics()
        .getAggregateAllocatedContainers();
  }

  /**
   * Across the application, the RM allocated exactly one container (its AM; the tests run one
   * application at a time), and the AM's log shows no executor container request.
   */
  private void assertNoExecutorContainerRequested(ApplicationId appId, long containersBefore) {
    String logs = amLogs(appId.toString());
    assertEquals(containersBefore + 1, allocatedContainers(), "only the AM's container was allocated: " + logs);
    assertTrue(logs.contains("Driver ended: FAILED"), "the AM's log is there: " + logs);
    assertFalse(Pattern.compile("Requesting \\d+ executor containers").matcher(logs).find(), logs);
  }

  /** The AM logs how many tasks finished when the driver ended. */
  private void assertNoTaskRan(ApplicationId appId) {
    String logs = amLogs(appId.toString());
    assertTrue(logs.contains("Driver ended: FAILED after 0 task attempts"), "AM log:" + logs);
  }

  private void waitFor(ApplicationId appId, YarnApplicationState wanted) throws Exception {
    AtomicReference<ApplicationReport> last = new AtomicReference<>();
    // Stops early at a terminal state other than the one wanted: it will not change any more.
    awaitOrFail(Duration.ofSeconds(120), () -> {
      last.set(yarn.getApplicationReport(appId));
      YarnApplicationState state = last.get().getYarnApplicationState();
      return state == wanted || TERMINAL.contains(state);
    }, () -> appId + " is " + last.get().getYarnApplicationState() + ", not " + wanted);
    ApplicationReport r = last.get();
    if (r.getYarnApplicationState() != wanted) {
      fail(appId + " is " + r.getYarnApplicationState() + ", not " + wanted + ": " + r.getDiagnostics()
          + amLogs(appId.toString()));
    }
  }

  private float progress(ApplicationId appId) {
    try {
      return yarn.getApplicationReport(appId).getProgress();
    } catch (Exception e) {
      return Float.NaN;
    }
  }

  private org.apache.hadoop.fs.Path stagingDir(ApplicationId appId) {
    return new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/staging/" + appId);
  }

  private Map<String, Long> cacheFiles() throws IOException {
    return dirFiles(new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/cache"));
  }

  /** Name -> modification time of the cached files in {@code dir}; not its bookkeeping (temp files, the removal pass's marker). */
  private Map<String, Long> dirFiles(org.apache.hadoop.fs.Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    for (FileStatus f : fs.listStatus(dir)) {
      if (!f.getPath().getName().startsWith(".")) {
        files.put(f.getPath().getName(), f.getModificationTime());
      }
    }
    return files;
  }

  private String examplesJar() {
    Path jar = Path.of(home, "examples", "target", "spindle-examples.jar");
    assertTrue(Files.isRegularFile(jar), jar + " not built");
    return jar.toString();
  }

  /**
   * Issue 15: the AM and executor containers map the class-data sharing archive an earlier container
   * with the same jars wrote on their node (io.spindle.am.ContainerClassDataSharing). Every run logs
   * its containers' class loading (-Xlog:class+load into the container's log dir); a container whose
   * archive (named in its launch script) was on its node before the run must have loaded its main
   * class from the archive ("shared objects file (top)"). Runs until an AM and an executor did.
   */
  @Test
  void containersMapTheClassDataArchiveAnEarlierContainerOnTheirNodeWrote() throws Exception {
    String classLoad = "-Xlog:class+load=info:file=<LOG_DIR>/class-load.txt";
    Map<String, String> mainClass = Map.of("am", "io.spindle.am.ApplicationMaster",
        "executor", "io.spindle.executor.remote.ExecutorMain");
    java.util.Set<String> mapped = new java.util.TreeSet<>();
    StringBuilder seen = new StringBuilder();
    for (int run = 1; run <= 5 && mapped.size() < 2; run++) {
      java.util.Set<String> before = classDataArchives();
      Run r = submit("--num-executors", "1", "--executor-memory", "256m",
          "--conf", "spindle.driver.extraJavaOptions=" + classLoad, "--conf", "spindle.executor.extraJavaOptions=" + classLoad,
          "--class", SumApp.class.getName(), appsJar.toString(), "1000");
      assertEquals(0, r.code, r.describe());
      for (Path log : containerLogDirs(r.appId().toString())) {
        Matcher archive = Pattern.compile("spindle-cds/((am|executor)-[0-9a-f]{24}\\.jsa)")
            .matcher(Files.readString(log.resolve("launch_container.sh")));
        assertTrue(archive.find(), "the launch script names the archive: " + log);
        String node = nodeOf(log);
        seen.append("\nrun ").append(run).append(' ').append(node).append(' ').append(archive.group(1))
            .append(before.contains(node + "/" + archive.group(1)) ? " (there before the run)" : " (not there yet)");
        if (before.contains(node + "/" + archive.group(1))) {
          String loads = Files.readString(log.resolve("class-load.txt"));
          assertTrue(loads.contains(mainClass.get(archive.group(2)) + " source: shared objects file (top)"),
              "container " + log.getFileName() + " on " + node + " did not map " + archive.group(1) + seen);
          mapped.add(archive.group(2));
        }
      }
    }
    assertEquals(java.util.Set.of("am", "executor"), mapped, "containers that mapped an archive:" + seen);
  }

  /** "nm-<i>/<archive name>" of every class-data sharing archive in the NodeManagers' local dirs. */
  private java.util.Set<String> classDataArchives() throws IOException {
    java.util.Set<String> found = new java.util.TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("target", "test", "data", "YarnSubmitIT"))) {
      files.filter(f -> f.getFileName().toString().endsWith(".jsa") && f.getParent().getFileName().toString()
          .equals("spindle-cds")).forEach(f -> found.add(nodeOf(f) + "/" + f.getFileName()));
    }
    return found;
  }

  /** The log dirs of {@code appId}'s containers that ran a JVM (they hold its class-load log). */
  private List<Path> containerLogDirs(String appId) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("target", "test", "data", "YarnSubmitIT"))) {
      return files.filter(f -> f.getFileName().toString().equals("class-load.txt") && f.toString().contains(appId)
          && f.toString().contains("-logDir-")).map(Path::getParent).toList();
    }
  }

  /** "nm-<i>" from a path under a MiniYARNCluster NodeManager's log or local dir. */
  private static String nodeOf(Path p) {
    Matcher m = Pattern.compile("-(?:logDir|localDir)-(nm-\\d+)_").matcher(p.toString());
    assertTrue(m.find(), p.toString());
    return m.group(1);
  }

  /**
   * The AM serves the status UI at its tracking URL: the client prints the RM's proxy URL once the
   * AM registered, and the original URL answers Spark's REST paths with the application's one job
   * (SleepApp: 3 tasks) and its executors (two containers plus the driver).
   */
  @Test
  void trackingUrlServesJobsAndExecutorsOfTheRunningApplication() throws Exception {
    List<String> command = YarnItSupport.spindleSubmitOnYarn(home, 1);
    command.addAll(List.of("--num-executors", "2", "--executor-memory", "256m",
        "--conf", "spindle.executor.registrationTimeoutMs=180000",
        "--conf", "spindle.ui.port=0", "--class", SleepApp.class.getName(), appsJar.toString(), "300"));
    Process client = YarnItSupport.clientProcess(command, cluster.confDir()).start();
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(client.getInputStream(),
          StandardCharsets.UTF_8))) {
        r.lines().forEach(l -> {
          synchronized (out) {
            out.append(l).append('\n');
          }
        });
      } catch (IOException ignored) {
        // process gone
      }
    });
    reader.start();
    try {
      Pattern urlLine = Pattern.compile("(?m)^Tracking URL: (http\\S+)$");
      AtomicReference<Matcher> found = new AtomicReference<>();
      awaitOrFail(Duration.ofSeconds(180), () -> {
        synchronized (out) {
          Matcher m = urlLine.matcher(out);
          if (m.find()) {
            found.set(m);
          }
        }
        assertTrue(found.get() != null || client.isAlive(), "no Tracking URL line:\n" + out);
        return found.get() != null;
      }, () -> "no Tracking URL line:\n" + out);
      Matcher printed = found.get();
      ApplicationId appId;
      synchronized (out) {
        Matcher m = APP_ID.matcher(out);
        assertTrue(m.find(), out.toString());
        appId = ApplicationId.fromString(m.group(1));
      }
      ApplicationReport report = yarn.getApplicationReport(appId);
      assertEquals(YarnApplicationState.RUNNING, report.getYarnApplicationState(), "printed once registered");
      String original = report.getOriginalTrackingUrl();
      assertTrue(original != null && original.matches("http://[^/:]+:\\d+/?"), "the AM registered its UI: " + original);
      // The client prints the RM's proxy URL; this minicluster's RM hands out proxy URLs on port 0 (its web app was
      // configured on port 0), so the client prints the AM's own address instead, and that URL must work.
      String expected = java.net.URI.create(report.getTrackingUrl()).getPort() == 0 ? original : report.getTrackingUrl();
      assertEquals(expected, printed.group(1), "the printed tracking URL");
      String api = printed.group(1).replaceAll("/$", "") + "/api/v1/applications/" + appId;

      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      AtomicReference<String> jobsNow = new AtomicReference<>("");
      awaitOrFail(Duration.ofSeconds(180), () -> { // SleepApp's count, then it sleeps
        jobsNow.set(httpGet(http, api + "/jobs"));
        return jobsNow.get().contains("\"status\":\"SUCCEEDED\"");
      }, () -> "job not finished: " + jobsNow.get() + amLogs(appId.toString()));
      String jobs = jobsNow.get();
      assertEquals(1, count(jobs, "\"jobId\":"), jobs);
      assertTrue(jobs.contains("\"name\":\"count at SleepApp.java:"), jobs);
      assertTrue(jobs.contains("\"numTasks\":3,") && jobs.contains("\"numCompletedTasks\":3,"), jobs);
      String stages = httpGet(http, api + "/stages");
      assertEquals(1, count(stages, "\"stageId\":"), stages);
      assertTrue(stages.contains("\"status\":\"COMPLETE\"") && stages.contains("\"numCompleteTasks\":3,"), stages);
      // Executors come on demand: the job may have run on the first one before the second registered.
      AtomicReference<String> executorsNow = new AtomicReference<>();
      try {
        await().atMost(Duration.ofSeconds(120)).pollInterval(POLL).until(() -> {
          executorsNow.set(httpGet(http, api + "/executors"));
          return count(executorsNow.get(), "\"id\":") >= 3;
        });
      } catch (ConditionTimeoutException e) {
        // the assertion below shows what is listed
      }
      String executors = executorsNow.get();
      assertEquals(3, count(executors, "\"id\":"), executors);
      for (String id : List.of("driver", "1", "2")) {
        assertTrue(executors.contains("\"id\":\"" + id + "\""), id + " listed: " + executors);
      }
      Matcher completed = Pattern.compile("\"completedTasks\":(\\d+)").matcher(executors);
      int completedTasks = 0;
      while (completed.find()) {
        completedTasks += Integer.parseInt(completed.group(1));
      }
      assertEquals(3, completedTasks, "SleepApp's 3 tasks: " + executors);
      assertTrue(executors.startsWith("[{\"id\":\"driver\"") && executors.contains("\"totalCores\":0,"),
          "the driver runs no task when executors do: " + executors);
      assertTrue(httpGet(http, original).contains("count at SleepApp.java:"), "the HTML page lists the job");
      assertTrue(httpGet(http, original.replaceAll("/$", "") + "/api/v1/applications").contains(appId.toString()));

      Run killed = spindleSubmit(List.of("--kill", appId.toString()));
      assertEquals(0, killed.code, killed.describe());
      assertTrue(client.waitFor(2, TimeUnit.MINUTES), "the following client ends with the application");
      assertEquals(8, client.exitValue(), out.toString()); // KILLED
    } finally {
      client.destroyForcibly();
      reader.join(10_000);
      System.out.println("$ spindle-submit (tracking URL test)\n" + out);
    }
  }

  private static String httpGet(java.net.http.HttpClient http, String url) throws Exception {
    java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .timeout(java.time.Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r.body();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }
}
