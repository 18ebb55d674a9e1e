package io.spindle.am;

import io.spindle.io.FileOutputCommitter;
import io.spindle.output.OutputLifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs the driver is writing, journaled in the application's staging dir ({@code outputs/},
 * one small file per output dir, named by a digest of its qualified path, holding the path). A job
 * that commits or aborts removes its entry. An entry left behind means the AM died while the job
 * wrote (container killed, node lost): the output dir holds a {@code _temporary/} and maybe nothing
 * else, and the next {@code saveAsTextFile} to it would fail with "output exists". So the next AM
 * attempt, before it runs the main again, and the client, when the application ended and left its
 * staging dir, call {@link #cleanUncommitted}: each journaled output loses its {@code _temporary/}
 * and, if that leaves it empty, the dir itself (the job created it: saveAsTextFile refuses existing
 * dirs). A committed output ({@code _SUCCESS}) has no entry and is never touched.
 */
public final class OutputJournal implements OutputLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(OutputJournal.class);
  static final String DIR = "outputs";
  /** Outputs committed ({@code _SUCCESS} written), one entry each as in {@link #DIR}: AM-restart recovery. */
  static final String COMMITTED_DIR = "committed-outputs";

  private final Configuration conf;
  private final Path journal;
  private final Path committedJournal;
  /** Entry names in {@link #COMMITTED_DIR} when this attempt started: what earlier attempts committed. */
  private final java.util.Set<String> committedEarlier;

  OutputJournal(Configuration conf, Path stagingDir) {
    this.conf = conf;
    this.journal = new Path(stagingDir, DIR);
    this.committedJournal = new Path(stagingDir, COMMITTED_DIR);
    this.committedEarlier = listNames(conf, committedJournal);
  }

  private static java.util.Set<String> listNames(Configuration conf, Path dir) {
    java.util.Set<String> names = new java.util.HashSet<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir)) {
        for (FileStatus st : fs.listStatus(dir)) {
          if (!st.getPath().getName().endsWith(TMP_SUFFIX)) {
            names.add(st.getPath().getName());
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not read the committed outputs journaled in {}: {}", dir, e.toString());
    }
    return names;
  }

  /** Makes this JVM's {@code saveAsTextFile} journal into {@code stagingDir} (no-op without one). */
  static void install(Configuration conf, String stagingDir) {
    install(conf, stagingDir, true);
  }

  /**
   * As {@link #install(Configuration, String)}; with {@code recovery} false, outputs earlier
   * attempts committed are not honoured (a second save to them fails as "output exists").
   */
  static void install(Configuration conf, String stagingDir, boolean recovery) {
    if (stagingDir != null && !stagingDir.isEmpty()) {
      OutputJournal journal = new OutputJournal(conf, new Path(stagingDir));
      if (!recovery) {
        journal.committedEarlier.clear();
      }
      OutputLifecycle.install(journal);
    }
  }

  @Override
  public void started(String outputDir) {
    try {
      Path out = qualified(outputDir);
      FileSystem fs = journal.getFileSystem(conf);
      try (OutputStream o = fs.create(entry(out), true)) {
        o.write(out.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      LOG.warn("Could not journal the output {} (a killed AM may leave its _temporary behind): {}", outputDir,
          e.toString());
    }
  }

  @Override
  public void ended(String outputDir) {
    try {
      journal.getFileSystem(conf).delete(entry(qualified(outputDir)), false);
    } catch (IOException e) {
      LOG.warn("Could not remove the journal entry of {}: {}", outputDir, e.toString());
    }
  }

  /** Journals the output as committed (written to a temporary name, then renamed), then drops its in-progress entry. */
  @Override
  public void committed(String outputDir) {
    try {
      Path out = qualified(outputDir);
      writeCommitted(conf, committedJournal, entryName(out), out);
    } catch (IOException e) {
      LOG.warn("Could not journal the committed output {} (a restarted AM would refuse it as existing): {}",
          outputDir, e.toString());
    }
    ended(outputDir);
  }

  @Override
  public boolean committedEarlier(String outputDir) {
    try {
      Path out = qualified(outputDir);
      if (!committedEarlier.contains(entryName(out))) {
        return false;
      }
      return out.getFileSystem(conf).exists(new Path(out, FileOutputCommitter.SUCCESS_MARKER));
    } catch (IOException e) {
      LOG.warn("Could not check whether {} was committed by an earlier attempt: {}", outputDir, e.toString());
      return false;
    }
  }

  static final String TMP_SUFFIX = ".tmp";

  private static void writeCommitted(Configuration conf, Path committedDir, String name, Path out)
      throws IOException {
    FileSystem fs = committedDir.getFileSystem(conf);
    Path target = new Path(committedDir, name);
    Path tmp = new Path(committedDir, name + TMP_SUFFIX);
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(out.toString().getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("could not rename " + tmp + " to " + target);
    }
  }

  private Path qualified(String outputDir) throws IOException {
    Path p = new Path(outputDir);
    return p.getFileSystem(conf).makeQualified(p);
  }

  private Path entry(Path qualifiedOutput) {
    return new Path(journal, entryName(qualifiedOutput));
  }

  private static String entryName(Path qualifiedOutput) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(qualifiedOutput.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Removes what the outputs journaled in {@code stagingDir} left half-written, and their entries;
   * returns the output dirs cleaned. Never fails: what it cannot remove it logs.
   */
  public static java.util.List<String> cleanUncommitted(Configuration conf, String stagingDir) {
    java.util.List<String> cleaned = new java.util.ArrayList<>();
    if (stagingDir == null || stagingDir.isEmpty()) {
      return cleaned;
    }
    try {
      Path journal = new Path(new Path(stagingDir), DIR);
      FileSystem jfs = journal.getFileSystem(conf);
      if (!jfs.exists(journal)) {
        return cleaned;
      }
      for (FileStatus entry : jfs.listStatus(journal)) {
        String out;
        try (InputStream in = jfs.open(entry.getPath())) {
          out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (out.isEmpty()) { // the AM died while writing the entry, before the job created anything
          jfs.delete(entry.getPath(), false);
          continue;
        }
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(new Path(dir, FileOutputCommitter.SUCCESS_MARKER))) {
          // The job committed; the AM died before its journal said so. Record it as committed.
          writeCommitted(conf, new Path(new Path(stagingDir), COMMITTED_DIR), entry.getPath().getName(), dir);
          jfs.delete(entry.getPath(), false);
          continue;
        }
        fs.delete(new Path(dir, FileOutputCommitter.TEMP_DIR), true);
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
          fs.delete(dir, false);
        }
        LOG.info("Removed the uncommitted output {} that an earlier ApplicationMaster left", out);
        cleaned.add(out);
        jfs.delete(entry.getPath(), false);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not clean the uncommitted outputs journaled in {}: {}", stagingDir, e.toString());
    }
    return cleaned;
  }
}
