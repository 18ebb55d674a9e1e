package io.spindle.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;

/**
 * All-or-nothing file output for one job.
 *
 * <pre>
 * &lt;out&gt;/_temporary/&lt;jobAttempt&gt;/_temporary/attempt_&lt;p&gt;_&lt;a&gt;/part-…   a task attempt writes here
 * &lt;out&gt;/_temporary/&lt;jobAttempt&gt;/task_&lt;p&gt;/part-…                   commitTask renames the attempt dir here
 * &lt;out&gt;/part-…, &lt;out&gt;/_SUCCESS                                          commitJob publishes, then removes _temporary
 * </pre>
 *
 * A job that aborts removes {@code _temporary} and, if {@link #setupJob} created the destination,
 * the destination too: a failed job leaves nothing behind, and the same command can be rerun.
 *
 * <p>Optionally compresses what tasks write (e.g. {@code gzip}, {@code bzip2}): the codec is
 * resolved through Hadoop's codec factory and the codec's extension is added to file names.
 *
 * <p>Serializable so tasks can carry it; every method takes the Hadoop configuration to use.
 */
public final class FileOutputCommitter implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String TEMP_DIR = "_temporary";
  public static final String SUCCESS_MARKER = "_SUCCESS";

  private final String outputDir;
  private final String jobAttemptId;
  /** Codec name as given by the user (null: uncompressed); resolved where a Configuration is at hand. */
  private final String codecName;
  private boolean createdOutputDir;

  public FileOutputCommitter(String outputDir, String jobAttemptId) {
    this(outputDir, jobAttemptId, null);
  }

  /**
   * @param codecName compression for the files tasks write: a codec name such as {@code gzip} or
   *     {@code bzip2} (see {@link Codecs#forName}), or null for none
   */
  public FileOutputCommitter(String outputDir, String jobAttemptId, String codecName) {
    this.outputDir = outputDir;
    this.jobAttemptId = jobAttemptId;
    this.codecName = codecName == null || codecName.isBlank() ? null : codecName.trim();
  }

  /** The compression codec name given at construction, or null. */
  public String codecName() {
    return codecName;
  }

  public Path outputPath() {
    return new Path(outputDir);
  }

  /**
   * Fails if the destination exists, or if the compression codec is unknown. Call before any task
   * runs.
   */
  public void checkOutputDoesNotExist(Configuration conf) throws IOException {
    codec(conf);
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    if (fs.exists(out)) {
      throw new OutputExistsException("Output directory " + fs.makeQualified(out)
          + " already exists. Delete it or choose another output path.");
    }
  }

  /** Creates the destination, the job's temporary dir and in it the parent of the attempts' dirs. */
  public void setupJob(Configuration conf) throws IOException {
    codec(conf);
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    createdOutputDir = !fs.exists(out);
    if (!fs.mkdirs(attemptsDir())) {
      throw new IOException("Could not create " + attemptsDir());
    }
  }

  private Path jobTempDir() {
    return new Path(new Path(outputPath(), TEMP_DIR), jobAttemptId);
  }

  /** {@code <jobTemp>/_temporary}: made by {@link #setupJob}, removed with the job's temporary dir. */
  private Path attemptsDir() {
    return new Path(jobTempDir(), TEMP_DIR);
  }

  private Path attemptDir(int partition, int attempt) {
    return new Path(attemptsDir(), "attempt_" + partition + "_" + attempt);
  }

  private Path committedTaskDir(int partition) {
    return new Path(jobTempDir(), "task_" + partition);
  }

  private CompressionCodec codec(Configuration conf) {
    return codecName == null ? null : Codecs.forName(conf, codecName);
  }

  /** The name a task file called {@code fileName} gets: with the codec's extension, if any. */
  public String taskFileName(Configuration conf, String fileName) {
    CompressionCodec codec = codec(conf);
    return codec == null ? fileName : fileName + codec.getDefaultExtension();
  }

  /**
   * Opens a new file in the attempt's private dir, compressing if a codec was given (the file
   * name then gets the codec's extension). Closing the stream finishes the compressed file.
   */
  public OutputStream createTaskFile(Configuration conf, int partition, int attempt, String fileName)
      throws IOException {
    FileSystem fs = jobTempDir().getFileSystem(conf);
    CompressionCodec codec = codec(conf);
    String name = codec == null ? fileName : fileName + codec.getDefaultExtension();
    Path file = new Path(createAttemptDir(fs, partition, attempt, "write task output"), name);
    OutputStream raw;
    try {
      raw = fs.createNonRecursive(file, false, conf.getInt("io.file.buffer.size", 4096),
          fs.getDefaultReplication(file), fs.getDefaultBlockSize(file), null);
    } catch (FileNotFoundException e) {
      throw jobEnded(fs, "write task output");
    }
    if (codec == null) {
      return raw;
    }
    try {
      return codec.createOutputStream(raw);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Commits the attempt's files if the authorizer allows it; otherwise discards them.
   *
   * @return whether this attempt's output was committed
   */
  public boolean commitTask(Configuration conf, int partition, int attempt, CommitAuthorizer authorizer)
      throws IOException {
    Path attemptDir = attemptDir(partition, attempt);
    FileSystem fs = attemptDir.getFileSystem(conf);
    if (!authorizer.canCommit(partition, attempt)) {
      fs.delete(attemptDir, true);
      return false;
    }
    Path target = committedTaskDir(partition);
    if (!fs.exists(attemptDir)) {
      // An attempt that wrote no file still commits (an empty partition), into a live job only.
      createAttemptDir(fs, partition, attempt, "commit task output");
    }
    if (fs.exists(target)) {
      // An earlier authorized attempt committed, then failed before reporting success; the driver
      // now authorized this one, whose output replaces it. (Renaming onto an existing dir would
      // move the attempt dir inside it.)
      fs.delete(target, true);
    }
    if (!fs.rename(attemptDir, target)) {
      throw new IOException("Could not commit task output " + attemptDir + " to " + target);
    }
    return true;
  }

  /**
   * The attempt's dir, created (if not there) without creating any of its parents, so only while
   * the job's temporary dir exists ({@link #setupJob} made the parent): set up, neither committed nor aborted. A check followed by a
   * recursive create left a window in which an abort's or commit's removal of {@code _temporary}
   * was undone, and the next run to the same path met "output exists"; task files are created
   * non-recursively in it for the same reason ({@link NonRecursiveDirs} says where the filesystem
   * does this atomically).
   */
  private Path createAttemptDir(FileSystem fs, int partition, int attempt, String action) throws IOException {
    Path attemptDir = attemptDir(partition, attempt);
    try {
      NonRecursiveDirs.mkdir(fs, attemptDir);
    } catch (FileNotFoundException e) {
      throw jobEnded(fs, action);
    }
    return attemptDir;
  }

  private IOException jobEnded(FileSystem fs, String action) {
    return new IOException("Cannot " + action + ": " + fs.makeQualified(jobTempDir())
        + " does not exist. The job was never set up, or has already committed or aborted.");
  }

  public void abortTask(Configuration conf, int partition, int attempt) throws IOException {
    Path attemptDir = attemptDir(partition, attempt);
    attemptDir.getFileSystem(conf).delete(attemptDir, true);
  }

  /**
   * Publishes every committed task's files into the destination and writes {@code _SUCCESS}. If
   * publishing fails part way, the files already published are removed again before the error is
   * thrown, so that {@link #abortJob} leaves no partial output.
   */
  public void commitJob(Configuration conf) throws IOException {
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    Path jobTemp = jobTempDir();
    if (!fs.exists(jobTemp)) {
      throw new IOException("Cannot commit the job: " + fs.makeQualified(jobTemp)
          + " does not exist. Call setupJob before running tasks, and commit a job once.");
    }
    List<Path> published = new ArrayList<>();
    try {
      for (FileStatus task : fs.listStatus(jobTemp)) {
        if (!task.isDirectory() || !task.getPath().getName().startsWith("task_")) {
          continue;
        }
        for (FileStatus file : fs.listStatus(task.getPath())) {
          Path dest = new Path(out, file.getPath().getName());
          if (fs.exists(dest)) { // a local rename would silently overwrite
            throw new IOException("Could not publish " + file.getPath() + ": " + dest
                + " already exists. Each task must write distinct file names.");
          }
          if (!fs.rename(file.getPath(), dest)) {
            throw new IOException("Could not publish " + file.getPath() + " to " + dest);
          }
          published.add(dest);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Path p : published) {
        try {
          fs.delete(p, false);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    fs.delete(new Path(out, TEMP_DIR), true);
    fs.create(new Path(out, SUCCESS_MARKER), true).close();
  }

  /**
   * Removes the job's temporary output (committed tasks included); the destination too if this
   * job created it and nothing else is in it. A committed job's output is left alone.
   */
  public void abortJob(Configuration conf) throws IOException {
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    fs.delete(new Path(out, TEMP_DIR), true);
    if (createdOutputDir && fs.exists(out) && fs.listStatus(out).length == 0) {
      fs.delete(out, false);
    }
  }
}
