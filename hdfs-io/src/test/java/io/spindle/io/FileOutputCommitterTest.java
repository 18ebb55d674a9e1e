package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output committer on the local file system (the MiniDFS test runs the same scenarios on HDFS). */
class FileOutputCommitterTest {
  private static final Configuration CONF = new Configuration();
  private final CommitterScenarios scenarios = new CommitterScenarios(CONF);

  @TempDir
  Path dir;

  private String out(String name) {
    return dir.resolve(name).toUri().toString();
  }

  @Test
  void onlyTheAuthorizedAttemptIsPublished() throws IOException {
    scenarios.onlyTheAuthorizedAttemptIsPublished(out("out"));
  }

  @Test
  void anAbortedJobLeavesNothing() throws IOException {
    scenarios.anAbortedJobLeavesNothing(out("out"));
  }

  @Test
  void lateAttemptsRecreateNothing() throws IOException {
    scenarios.lateAttemptsRecreateNothing(out("late-aborted"), out("late-committed"));
  }

  @Test
  void abortKeepsADestinationItDidNotCreate() throws IOException {
    scenarios.abortKeepsADestinationItDidNotCreate(out("out"));
  }

  @Test
  void anExistingDestinationIsRefused() throws IOException {
    scenarios.anExistingDestinationIsRefused(out("out"));
  }

  @Test
  void gzipAndBzip2Output() throws IOException {
    scenarios.compressedOutputReadsBack(out("gz"), "gzip", ".gz");
    scenarios.compressedOutputReadsBack(out("bz"), "bzip2", ".bz2");
  }

  @Test
  void anUnknownCodecIsRefusedBeforeAnyTask() {
    FileOutputCommitter c = new FileOutputCommitter(out("x"), "job", "zip9");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.checkOutputDoesNotExist(CONF));
    assertTrue(e.getMessage().contains("zip9") && e.getMessage().contains("gzip"), e.getMessage());
  }

  @Test
  void aLateAttemptCannotRecreateTheTemporaryDir() throws IOException {
    FileOutputCommitter c = new FileOutputCommitter(out("late"), "job");
    c.setupJob(CONF);
    c.commitJob(CONF);
    IOException e = assertThrows(IOException.class, () -> c.createTaskFile(CONF, 0, 7, "part-00000"));
    assertTrue(e.getMessage().contains("already committed or aborted"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("late/_temporary")));
  }

  @Test
  void aLateEmptyAttemptCannotRecreateTheTemporaryDirByCommitting() throws IOException {
    FileOutputCommitter c = new FileOutputCommitter(out("late-empty"), "job");
    c.setupJob(CONF);
    c.abortJob(CONF); // e.g. the job was cancelled while this attempt still ran
    IOException e = assertThrows(IOException.class, () -> c.commitTask(CONF, 0, 7, (partition, attempt) -> true));
    assertTrue(e.getMessage().contains("already committed or aborted"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("late-empty")), "nothing recreated: the same command can run again");
  }

  @Test
  void twoTasksWritingOneNameFailTheCommitAndPublishNothing() throws IOException {
    FileOutputCommitter c = new FileOutputCommitter(out("clash"), "job");
    c.setupJob(CONF);
    CommitterScenarios.FirstAskWins driver = new CommitterScenarios.FirstAskWins();
    for (int p = 0; p < 2; p++) {
      try (OutputStream o = c.createTaskFile(CONF, p, 0, "same-name")) {
        o.write('x');
      }
      assertTrue(c.commitTask(CONF, p, 0, driver));
    }
    IOException e = assertThrows(IOException.class, () -> c.commitJob(CONF));
    assertTrue(e.getMessage().contains("same-name"), e.getMessage());
    c.abortJob(CONF);
    assertFalse(Files.exists(dir.resolve("clash")));
  }

  @Test
  void aReauthorizedAttemptReplacesAnEarlierCommit() throws IOException {
    FileOutputCommitter c = new FileOutputCommitter(out("again"), "job");
    c.setupJob(CONF);
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream o = c.createTaskFile(CONF, 0, attempt, "part-00000")) {
        o.write(("attempt " + attempt).getBytes());
      }
      assertTrue(c.commitTask(CONF, 0, attempt, (p, a) -> true));
    }
    c.commitJob(CONF);
    assertEquals("attempt 1", scenarios.read(out("again") + "/part-00000"));
  }

  @Test
  void travelsToTasksSerialized() throws Exception {
    FileOutputCommitter c = new FileOutputCommitter(out("ser"), "job", "gzip");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      FileOutputCommitter copy = (FileOutputCommitter) in.readObject();
      assertEquals("gzip", copy.codecName());
      assertEquals(c.outputPath(), copy.outputPath());
    }
  }
}
