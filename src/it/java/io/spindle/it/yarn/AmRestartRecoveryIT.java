package io.spindle.it.yarn;

import static io.spindle.it.yarn.YarnItSupport.awaitOrFail;
import static io.spindle.it.yarn.YarnItSupport.buildJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.yarn.YarnItSupport.SubmitRun;
import io.spindle.it.yarn.restartapps.RestartTwoSavesApp;
import io.spindle.it.yarn.restartapps.RestartWordCountApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * AM-restart recovery (docs/yarn.md) on one MiniDFSCluster + MiniYARNCluster of 3 NodeManagers
 * running the shuffle service, with {@code --max-app-attempts 2}: the AM container is killed
 * through YARN ({@code yarn container -signal … FORCEFUL_SHUTDOWN}) (1) during the reduce stage of
 * a word count: the application succeeds, its output equals a plain-Java count, one set of part
 * files, and attempt 2's log shows the map stage restored, not submitted — with
 * {@code spindle.io.encryption.enabled=true}, so attempt 2's reducers read map outputs attempt 1's
 * executors encrypted (the key comes from the application secret, the same in every attempt; a key
 * of its own would fail those reads and make attempt 2 run the map stage again); (2) after a
 * {@code saveAsTextFile} committed and before the next action ended: attempt 2 neither fails on
 * the existing output nor rewrites it (modification times unchanged) and finishes the second one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmRestartRecoveryIT {
  private static final String NAME = "AmRestartRecoveryIT";

  private MiniSpindleCluster cluster;
  private YarnClient yarn;
  private FileSystem fs;
  private Path appsJar;
  private String home;

  @BeforeAll
  void start() throws Exception {
    home = YarnItSupport.spindleHome();
    Path work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    cluster = MiniSpindleCluster.start(NAME, 3, work, 4096);
    assertTrue(cluster.yarnConf().getInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS,
        YarnConfiguration.DEFAULT_RM_AM_MAX_ATTEMPTS) >= 2, "the ResourceManager allows a second attempt");
    fs = cluster.fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(cluster.yarnConf());
    yarn.start();
    appsJar = buildJar("io/spindle/it/yarn/restartapps", work.resolve("restart-apps.jar"));
  }

  @AfterEach
  void killLeftovers() throws Exception {
    for (ApplicationReport r : yarn.getApplications()) {
      if (r.getYarnApplicationState() == YarnApplicationState.RUNNING
          || r.getYarnApplicationState() == YarnApplicationState.ACCEPTED) {
        yarn.killApplication(r.getApplicationId());
      }
    }
  }

  @AfterAll
  void stop() {
    if (yarn != null) {
      yarn.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAmKilledDuringTheReduceStageIsFollowedByAnAttemptThatRestoresTheMapStage() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/restart-wordcount");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      // skew ("the" on every line), many distinct keys, unicode
      lines.add("the w" + (i % 211) + " straße " + (i % 7 == 0 ? "日本語 ñandú" : "x" + (i % 13)) + " the");
    }
    org.apache.hadoop.fs.Path input = write(new org.apache.hadoop.fs.Path(dir, "in.txt"), lines);
    String out = new org.apache.hadoop.fs.Path(dir, "out").toString();
    org.apache.hadoop.fs.Path gate = new org.apache.hadoop.fs.Path(dir, "go");

    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "2",
        "--conf", "spindle.io.encryption.enabled=true", "--class", RestartWordCountApp.class.getName(), appsJar.toString(), input.toString(), out, gate.toString())));
    submitter.start();
    awaitOrFail(Duration.ofSeconds(420), () -> runningOrNull() != null || !submitter.isAlive(), () -> "never RUNNING");
    ApplicationId appId = running();
    org.apache.hadoop.fs.Path journal = new org.apache.hadoop.fs.Path(stagingDir(appId), "recovery");
    awaitOrFail(Duration.ofSeconds(300), () -> mapStageJournaled(journal) && fs.exists(
        new org.apache.hadoop.fs.Path(out, "_temporary")) || !submitter.isAlive(),
        () -> "the map stage never finished: " + amLogs(appId, 1));
    assertTrue(submitter.isAlive(), "the reduce tasks wait for the gate");

    killAmContainer(appId);
    fs.create(gate).close();
    submitter.join(720_000);
    SubmitRun run = result[0];
    assertTrue(run != null && run.code() == 0, run == null ? "no result" : describe(run));
    ApplicationReport report = yarn.getApplicationReport(appId);
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertEquals(2, report.getCurrentApplicationAttemptId().getAttemptId(), "a second AM attempt ran the job");

    Map<String, Integer> expected = new TreeMap<>();
    for (String line : lines) {
      for (String w : line.split(" ")) {
        expected.merge(w, 1, Integer::sum);
      }
    }
    Map<String, Integer> actual = new TreeMap<>();
    List<String> names = new ArrayList<>();
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(out))) {
      names.add(f.getPath().getName());
      if (f.getPath().getName().startsWith("part-")) {
        for (String line : readLines(f.getPath())) {
          String[] kv = line.split("\t");
          assertEquals(null, actual.put(kv[0], Integer.parseInt(kv[1])), "key twice: " + kv[0]);
        }
      }
    }
    assertEquals(expected, actual);
    names.sort(null);
    assertEquals(List.of("_SUCCESS", "part-00000", "part-00001", "part-00002", "part-00003"), names,
        "exactly one set of part files, no _temporary");

    String second = amLogs(appId, 2);
    assertTrue(Pattern.compile("Stage \\d+ \\(.*\\) restored from attempt 1: \\d+ map outputs of shuffle 0, not run")
        .matcher(second).find(), second);
    Matcher mapStageSubmitted = Pattern.compile("Submitting stage \\d+\\.\\d+ \\(shuffle map stage").matcher(second);
    assertFalse(mapStageSubmitted.find(), "attempt 2 ran no map stage:\n" + second);
    assertTrue(Pattern.compile("Submitting stage \\d+\\.0 \\(shuffle map stage").matcher(amLogs(appId, 1)).find(),
        "attempt 1 did run it");
  }

  @Test
  void anOutputCommittedBeforeTheAmWasKilledIsNeitherRefusedNorRewritten() throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/restart-two-saves");
    List<String> lines = new ArrayList<>();
    lines.add("");
    for (int i = 0; i < 500; i++) {
      lines.add("line " + i + (i % 5 == 0 ? " ünïcödé" : ""));
    }
    org.apache.hadoop.fs.Path input = write(new org.apache.hadoop.fs.Path(dir, "in.txt"), lines);
    org.apache.hadoop.fs.Path first = new org.apache.hadoop.fs.Path(dir, "upper");
    org.apache.hadoop.fs.Path second = new org.apache.hadoop.fs.Path(dir, "lengths");
    org.apache.hadoop.fs.Path gate = new org.apache.hadoop.fs.Path(dir, "go");

    SubmitRun[] result = new SubmitRun[1];
    Thread submitter = new Thread(() -> result[0] = submit(List.of("--num-executors", "1",
        "--class", RestartTwoSavesApp.class.getName(), appsJar.toString(), input.toString(), first.toString(),
        second.toString(), gate.toString())));
    submitter.start();
    awaitOrFail(Duration.ofSeconds(420), () -> runningOrNull() != null || !submitter.isAlive(), () -> "never RUNNING");
    ApplicationId appId = running();
    awaitOrFail(Duration.ofSeconds(300), () -> fs.exists(new org.apache.hadoop.fs.Path(second, "_temporary"))
        || !submitter.isAlive(), () -> "the second action never started: " + amLogs(appId, 1));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(first, "_SUCCESS")));
    Map<String, Long> committed = modificationTimes(first);

    killAmContainer(appId);
    fs.create(gate).close();
    submitter.join(720_000);
    SubmitRun run = result[0];
    assertTrue(run != null && run.code() == 0, run == null ? "no result" : describe(run));
    assertEquals(2, yarn.getApplicationReport(appId).getCurrentApplicationAttemptId().getAttemptId());

    assertEquals(committed, modificationTimes(first), "attempt 2 did not write the committed output again");
    List<String> upper = new ArrayList<>();
    List<String> lengths = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      upper.addAll(readLines(new org.apache.hadoop.fs.Path(first, String.format("part-%05d", p))));
      lengths.addAll(readLines(new org.apache.hadoop.fs.Path(second, String.format("part-%05d", p))));
    }
    assertEquals(lines.stream().map(l -> l.toUpperCase(java.util.Locale.ROOT)).toList(), upper);
    assertEquals(lines.stream().map(l -> Integer.toString(l.length())).toList(), lengths);
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(second, "_temporary")));
    String log = amLogs(appId, 2);
    assertTrue(log.contains("was committed by an earlier attempt of this application; not written again"), log);
  }

  // ---------------------------------------------------------------- helpers

  /** The kill a user or an operator would do: {@code yarn container -signal <AM container> FORCEFUL_SHUTDOWN}. */
  private void killAmContainer(ApplicationId appId) throws Exception {
    ContainerId am = yarn.getApplicationAttemptReport(yarn.getApplicationReport(appId)
        .getCurrentApplicationAttemptId()).getAMContainerId();
    yarn.signalToContainer(am, SignalContainerCommand.FORCEFUL_SHUTDOWN);
    awaitOrFail(Duration.ofSeconds(120), () -> yarn.getApplicationReport(appId).getCurrentApplicationAttemptId()
        .getAttemptId() == 2, () -> "no second attempt after the AM container " + am + " was killed");
  }

  private boolean mapStageJournaled(org.apache.hadoop.fs.Path journal) throws IOException {
    if (!fs.exists(journal)) {
      return false;
    }
    for (FileStatus f : fs.listStatus(journal)) {
      if (f.getPath().getName().startsWith("shuffle-") && !f.getPath().getName().endsWith(".tmp")) {
        return true;
      }
    }
    return false;
  }

  private org.apache.hadoop.fs.Path stagingDir(ApplicationId appId) {
    return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/staging"),
        appId.toString());
  }

  private Map<String, Long> modificationTimes(org.apache.hadoop.fs.Path dir) throws IOException {
    Map<String, Long> times = new TreeMap<>();
    for (FileStatus f : fs.listStatus(dir)) {
      times.put(f.getPath().getName(), f.getModificationTime());
    }
    return times;
  }

  private org.apache.hadoop.fs.Path write(org.apache.hadoop.fs.Path file, List<String> lines) throws IOException {
    try (OutputStream out = fs.create(file)) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private SubmitRun submit(List<String> args) {
    List<String> command = YarnItSupport.spindleSubmitOnYarn(home, 2);
    command.addAll(List.of("--executor-memory", "512m", "--conf", "spindle.executor.memoryOverhead=384m"));
    return YarnItSupport.submit(command, cluster.confDir(), Duration.ofMinutes(12), args);
  }

  /** {@link SubmitRun#describe}, with the logs of both AM attempts (1, then 2). */
  private static String describe(SubmitRun run) {
    return "exit " + run.code() + ":\n" + run.output()
        + run.appIdIfPrinted().map(appId -> amLogs(appId, 1) + amLogs(appId, 2)).orElse("");
  }

  private ApplicationId runningOrNull() throws Exception {
    return yarn.getApplications().stream().filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).max(ApplicationId::compareTo).orElse(null);
  }

  private ApplicationId running() throws Exception {
    return yarn.getApplications().stream().filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .map(ApplicationReport::getApplicationId).max(ApplicationId::compareTo).orElseThrow();
  }

  private List<String> readLines(org.apache.hadoop.fs.Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  /** The stderr of AM attempt {@code attempt}'s container (container_…_0N_000001). */
  private static String amLogs(ApplicationId appId, int attempt) {
    return AmLogs.of(NAME, appId, attempt);
  }
}
