package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.io.FileOutputCommitter;
import io.spindle.io.OutputExistsException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AM-side findings of issue #11, each reproduced: a configuration error fails the application
 * at once naming the key; attempt 2 gets a scratch dir of its own; a container lost with its node
 * says so; an output a killed AM left half-written is removed so the same command can run again.
 */
class AmFailureFindingsTest {
  @TempDir
  Path dir;

  private static AmLaunchSpec spec(Map<String, String> conf) {
    return new AmLaunchSpec("com.example.Main", AmLaunchSpec.APP_JAR, List.of(), List.of(), "", conf);
  }

  @Test
  void anOutOfRangeSettingFailsTheApplicationAtOnceNamingTheKeyWithExitCode3sCause() {
    DriverOutcome outcome = ApplicationMaster.settingsOutcome(spec(Map.of("spindle.executor.instances", "-1")));
    assertEquals(FinalApplicationStatus.FAILED, outcome.status());
    assertTrue(outcome.diagnostics().contains("spindle.executor.instances"), outcome.diagnostics());
    assertTrue(outcome.diagnostics().endsWith(DriverOutcome.CAUSE_CHAIN_PREFIX
        + io.spindle.config.InvalidConfigException.class.getName()), outcome.diagnostics());
    assertNull(ApplicationMaster.settingsOutcome(spec(Map.of("spindle.executor.instances", "3"))));
  }

  @Test
  void aSecondAttemptOnTheSameNodeGetsScratchDirsOfItsOwn() throws Exception {
    String localDirs = dir.resolve("a") + "," + dir.resolve("b");
    Map<String, String> first = UserDriver.driverSystemProperties(spec(Map.of()), localDirs, 1);
    Map<String, String> second = UserDriver.driverSystemProperties(spec(Map.of()), localDirs, 2);
    assertEquals(localDirs, first.get("spindle.local.dir"));
    assertEquals(dir.resolve("a").resolve("am-attempt-2") + "," + dir.resolve("b").resolve("am-attempt-2"),
        second.get("spindle.local.dir"));
    // What attempt 1 left (its AM was killed): attempt 2's SpindleContext creates spindle-<appId> elsewhere.
    Files.createDirectories(Path.of(first.get("spindle.local.dir").split(",")[0], "spindle-application_1_0001"));
    assertFalse(Files.exists(Path.of(second.get("spindle.local.dir").split(",")[0], "spindle-application_1_0001")));
    assertEquals(Map.of("spindle.local.dir", "/own"), Map.of("spindle.local.dir",
        UserDriver.driverSystemProperties(spec(Map.of("spindle.local.dir", "/own")), localDirs, 2)
            .get("spindle.local.dir")), "a configured spindle.local.dir is the user's");
  }

  @Test
  void aContainerLostWithItsNodeIsReportedAsLostNamingTheNode() {
    ContainerId id = ContainerId.fromString("container_1700000000000_0001_01_000002");
    NodeId node = NodeId.newInstance("nm-3.example.com", 41234);
    ContainerExit lost = ContainerExit.of(ContainerStatus.newInstance(id, ContainerState.COMPLETE,
        "Container released on a *lost* node", ContainerExitStatus.ABORTED), false, node);
    assertTrue(lost.reason().contains("lost with its node nm-3.example.com:41234"), lost.reason());
    assertFalse(lost.reason().contains("ApplicationMaster"), lost.reason());
    assertFalse(lost.countsAsFailure(), "the cluster's doing, as in Spark");
    ContainerExit released = ContainerExit.of(ContainerStatus.newInstance(id, ContainerState.COMPLETE,
        "Container released by application", ContainerExitStatus.ABORTED), false, node);
    assertTrue(released.reason().contains("released or killed by the ApplicationMaster"), released.reason());
  }

  @Test
  void anOutputAKilledAmWasWritingIsRemovedSoTheSameSaveRunsAgain() throws Exception {
    Configuration conf = new Configuration();
    Path staging = Files.createDirectories(dir.resolve("staging"));
    String out = dir.resolve("out").toUri().toString();
    String done = dir.resolve("done").toUri().toString();
    OutputJournal journal = new OutputJournal(conf, new org.apache.hadoop.fs.Path(staging.toUri()));

    // A committed output: journaled, committed, ended.
    FileOutputCommitter committed = new FileOutputCommitter(done, "job_1");
    committed.setupJob(conf);
    journal.started(done);
    write(committed.createTaskFile(conf, 0, 0, "part-00000"), "a\n");
    assertTrue(committed.commitTask(conf, 0, 0, (p, a) -> true));
    committed.commitJob(conf);
    journal.ended(done);
    long committedTime = Files.getLastModifiedTime(dir.resolve("done").resolve("part-00000")).toMillis();

    // Attempt 1 writes out/, its container is killed before commit or abort: nothing runs abortJob.
    FileOutputCommitter killed = new FileOutputCommitter(out, "job_2");
    killed.checkOutputDoesNotExist(conf);
    killed.setupJob(conf);
    journal.started(out);
    write(killed.createTaskFile(conf, 3, 0, "part-00003"), "half\n");
    assertTrue(Files.isDirectory(dir.resolve("out").resolve(FileOutputCommitter.TEMP_DIR)));
    org.junit.jupiter.api.Assertions.assertThrows(OutputExistsException.class,
        () -> new FileOutputCommitter(out, "job_3").checkOutputDoesNotExist(conf), "the bug: a rerun fails");

    assertEquals(List.of("file:" + dir.resolve("out")), OutputJournal.cleanUncommitted(conf, staging.toUri().toString()));
    assertFalse(Files.exists(dir.resolve("out")), "no _temporary/, no empty dir");
    new FileOutputCommitter(out, "job_3").checkOutputDoesNotExist(conf); // the rerun's check passes
    assertEquals(committedTime, Files.getLastModifiedTime(dir.resolve("done").resolve("part-00000")).toMillis());
    assertTrue(Files.exists(dir.resolve("done").resolve("_SUCCESS")));
    assertEquals(List.of(), OutputJournal.cleanUncommitted(conf, staging.toUri().toString()), "entries are gone");
  }

  @Test
  void theJournalOfAJobThatAbortedOrCommittedIsEmpty() throws Exception {
    Configuration conf = new Configuration();
    Path staging = Files.createDirectories(dir.resolve("staging2"));
    OutputJournal journal = new OutputJournal(conf, new org.apache.hadoop.fs.Path(staging.toUri()));
    String out = dir.resolve("aborted").toUri().toString();
    journal.started(out);
    journal.ended(out);
    try (var files = Files.list(staging.resolve(OutputJournal.DIR))) {
      assertEquals(0, files.filter(f -> !f.getFileName().toString().startsWith(".")).count());
    }
  }

  @Test
  void saveAsTextFileJournalsItsOutputWhileItsTasksRunAndNotAfter() throws Exception {
    Path staging = Files.createDirectories(dir.resolve("staging3"));
    String journalDir = staging.resolve(OutputJournal.DIR).toString();
    OutputJournal.install(new Configuration(), staging.toUri().toString());
    try (io.spindle.SpindleContext ctx = new io.spindle.SpindleContext(
        new io.spindle.SpindleConf(false).setMaster("local[2]"))) {
      ctx.parallelize(List.of("x", "y", "z"), 3).map(v -> {
        try (var entries = Files.list(Path.of(journalDir))) {
          // one entry while the job runs (the local filesystem adds a hidden .crc beside it)
          return v + ":" + entries.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
      }).saveAsTextFile(dir.resolve("saved").toString());
      org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> ctx.parallelize(List.of(1, 2), 2)
          .map(v -> {
            if (v == 2) {
              throw new IllegalStateException("task fails");
            }
            return v;
          }).saveAsTextFile(dir.resolve("failed").toString()));
    } finally {
      io.spindle.output.OutputLifecycle.install(io.spindle.output.OutputLifecycle.NONE);
    }
    List<String> lines = new java.util.ArrayList<>();
    for (int p = 0; p < 3; p++) {
      lines.addAll(Files.readAllLines(dir.resolve("saved").resolve(String.format("part-%05d", p))));
    }
    assertEquals(List.of("x:1", "y:1", "z:1"), lines);
    try (var entries = Files.list(Path.of(journalDir))) {
      assertEquals(0, entries.filter(f -> !f.getFileName().toString().startsWith(".")).count(),
          "committed and aborted jobs leave no entry");
    }
    assertFalse(Files.exists(dir.resolve("failed")), "the aborted job removed its output");
  }

  private static void write(OutputStream stream, String text) throws Exception {
    try (OutputStream o = stream) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
