package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Committer scenarios shared by the local and the MiniDFS tests: each takes a fresh destination
 * path (not yet existing) on the file system under test.
 */
final class CommitterScenarios {
  private final Configuration conf;

  CommitterScenarios(Configuration conf) {
    this.conf = conf;
  }

  /** Like the driver: the first attempt to ask for a partition wins, later ones are refused. */
  static final class FirstAskWins implements CommitAuthorizer {
    final Map<Integer, Integer> winners = new HashMap<>();

    @Override
    public synchronized boolean canCommit(int partition, int attempt) {
      return winners.computeIfAbsent(partition, p -> attempt) == attempt;
    }
  }

  /** Two attempts of each task write; only the authorized one's output is published. */
  void onlyTheAuthorizedAttemptIsPublished(String out) throws IOException {
    FileOutputCommitter committer = new FileOutputCommitter(out, "job_1");
    committer.checkOutputDoesNotExist(conf);
    committer.setupJob(conf);
    FirstAskWins driver = new FirstAskWins();
    for (int p = 0; p < 3; p++) {
      writeTask(committer, p, 0, "attempt 0 of " + p);
      writeTask(committer, p, 1, "attempt 1 of " + p);
    }
    // Partition 0: attempt 1 asks first (attempt 0 was slow); the others: attempt 0 asks first.
    assertTrue(committer.commitTask(conf, 0, 1, driver));
    assertFalse(committer.commitTask(conf, 0, 0, driver));
    for (int p = 1; p < 3; p++) {
      assertTrue(committer.commitTask(conf, p, 0, driver));
      assertFalse(committer.commitTask(conf, p, 1, driver));
    }
    committer.commitJob(conf);
    assertEquals(new TreeSet<>(List.of("_SUCCESS", "part-00000", "part-00001", "part-00002")), names(out));
    assertEquals("attempt 1 of 0\n", read(out + "/part-00000"));
    assertEquals("attempt 0 of 1\n", read(out + "/part-00001"));
    assertEquals("attempt 0 of 2\n", read(out + "/part-00002"));
  }

  /** A failed job leaves neither part files nor _temporary; the destination it created is gone. */
  void anAbortedJobLeavesNothing(String out) throws IOException {
    FileOutputCommitter committer = new FileOutputCommitter(out, "job_2");
    committer.checkOutputDoesNotExist(conf);
    committer.setupJob(conf);
    FirstAskWins driver = new FirstAskWins();
    writeTask(committer, 0, 0, "committed task");
    assertTrue(committer.commitTask(conf, 0, 0, driver));
    writeTask(committer, 1, 0, "running task");
    committer.abortTask(conf, 1, 0);
    writeTask(committer, 2, 0, "still running when the job fails");
    committer.abortJob(conf);
    Path dest = new Path(out);
    assertFalse(dest.getFileSystem(conf).exists(dest), "destination created by the job is removed");
    // The same command can run again.
    committer.checkOutputDoesNotExist(conf);
  }

  /**
   * Attempts still running when their job ended (aborted, or committed while a speculative copy
   * ran) can neither write nor commit, and recreate nothing: the attempt dir and the task file are
   * created without creating parents, so a removed {@code _temporary} stays removed.
   */
  void lateAttemptsRecreateNothing(String aborted, String committed) throws IOException {
    FileOutputCommitter a = new FileOutputCommitter(aborted, "job_5");
    a.setupJob(conf);
    OutputStream open = a.createTaskFile(conf, 0, 0, "part-00000"); // the attempt dir exists from here
    open.write('x');
    a.abortJob(conf);
    assertJobEnded(() -> a.createTaskFile(conf, 0, 0, "part-00000-second-file"));
    assertJobEnded(() -> a.createTaskFile(conf, 1, 0, "part-00001"));
    assertJobEnded(() -> a.commitTask(conf, 2, 0, new FirstAskWins()));
    try {
      open.close(); // HDFS: the file was removed under its writer; its close may fail, and writes nothing back
    } catch (IOException expected) {
      // the file is gone
    }
    Path dest = new Path(aborted);
    assertFalse(dest.getFileSystem(conf).exists(dest), "nothing recreated under " + aborted);

    FileOutputCommitter c = new FileOutputCommitter(committed, "job_6");
    c.setupJob(conf);
    writeTask(c, 0, 0, "done");
    assertTrue(c.commitTask(conf, 0, 0, new FirstAskWins()));
    c.commitJob(conf);
    assertJobEnded(() -> c.createTaskFile(conf, 0, 1, "part-00000")); // the speculative copy
    assertEquals(new TreeSet<>(List.of("_SUCCESS", "part-00000")), names(committed));
  }

  private interface CommitterCall {
    Object call() throws IOException;
  }

  private static void assertJobEnded(CommitterCall call) {
    IOException e = assertThrows(IOException.class, call::call);
    assertTrue(e.getMessage().contains("already committed or aborted"), e.getMessage());
  }

  /** If the destination existed (empty) before, abort keeps it but leaves it empty. */
  void abortKeepsADestinationItDidNotCreate(String out) throws IOException {
    Path dest = new Path(out);
    FileSystem fs = dest.getFileSystem(conf);
    fs.mkdirs(dest);
    FileOutputCommitter committer = new FileOutputCommitter(out, "job_3");
    committer.setupJob(conf);
    writeTask(committer, 0, 0, "x");
    assertTrue(committer.commitTask(conf, 0, 0, new FirstAskWins()));
    committer.abortJob(conf);
    assertTrue(fs.exists(dest));
    assertEquals(0, fs.listStatus(dest).length, "no part files, no _temporary");
  }

  void anExistingDestinationIsRefused(String out) throws IOException {
    Path dest = new Path(out);
    dest.getFileSystem(conf).mkdirs(dest);
    OutputExistsException e = assertThrows(OutputExistsException.class,
        () -> new FileOutputCommitter(out, "job_4").checkOutputDoesNotExist(conf));
    assertTrue(e.getMessage().contains(dest.getName()) && e.getMessage().contains("already exists")
        && e.getMessage().contains("Delete it or choose another"), e.getMessage());
  }

  /** Compressed output gets the codec's extension and reads back, through the line reader, as written. */
  void compressedOutputReadsBack(String out, String codec, String extension) throws IOException {
    FileOutputCommitter committer = new FileOutputCommitter(out, "job_5", codec);
    committer.setupJob(conf);
    FirstAskWins driver = new FirstAskWins();
    String text = TextBuilder.trickyBoundaries(21, 30_000, 9, true);
    writeTask(committer, 0, 0, text);
    writeTask(committer, 1, 0, "");
    assertTrue(committer.commitTask(conf, 0, 0, driver));
    assertTrue(committer.commitTask(conf, 1, 0, driver));
    committer.commitJob(conf);
    assertEquals(new TreeSet<>(List.of("_SUCCESS", "part-00000" + extension, "part-00001" + extension)), names(out));
    List<String> lines = new ArrayList<>();
    for (FileSplit s : InputSplitter.split(conf, out, 1, 1 << 20)) {
      lines.addAll(SplitReading.read(conf, s, LineRecordReader.BUFFER_BYTES));
    }
    LineAssertions.assertSameLines(ReferenceLines.of(text + "\n"), lines, codec + " output");
  }

  private void writeTask(FileOutputCommitter committer, int partition, int attempt, String text) throws IOException {
    try (OutputStream o = committer.createTaskFile(conf, partition, attempt, String.format("part-%05d", partition))) {
      if (!text.isEmpty()) {
        o.write((text + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  TreeSet<String> names(String dir) throws IOException {
    Path p = new Path(dir);
    TreeSet<String> names = new TreeSet<>();
    for (FileStatus s : p.getFileSystem(conf).listStatus(p)) {
      names.add(s.getPath().getName());
    }
    return names;
  }

  String read(String file) throws IOException {
    Path p = new Path(file);
    try (var in = p.getFileSystem(conf).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
