package io.spindle.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

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
 * <p>Serializable so tasks can carry it; every method takes the Hadoop configuration to use.
 */
public final class FileOutputCommitter implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String TEMP_DIR = "_temporary";
  public static final String SUCCESS_MARKER = "_SUCCESS";

  private final String outputDir;
  private final String jobAttemptId;
  private boolean createdOutputDir;

  public FileOutputCommitter(String outputDir, String jobAttemptId) {
    this.outputDir = outputDir;
    this.jobAttemptId = jobAttemptId;
  }

  public Path outputPath() {
    return new Path(outputDir);
  }

  /** Fails if the destination exists. Call before any task runs. */
  public void checkOutputDoesNotExist(Configuration conf) throws IOException {
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    if (fs.exists(out)) {
      throw new OutputExistsException("Output directory " + fs.makeQualified(out)
          + " already exists. Delete it or choose another output path.");
    }
  }

  /** Creates the destination and the job's temporary dir. */
  public void setupJob(Configuration conf) throws IOException {
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    createdOutputDir = !fs.exists(out);
    if (!fs.mkdirs(jobTempDir())) {
      throw new IOException("Could not create " + jobTempDir());
    }
  }

  private Path jobTempDir() {
    return new Path(new Path(outputPath(), TEMP_DIR), jobAttemptId);
  }

  private Path attemptDir(int partition, int attempt) {
    return new Path(new Path(jobTempDir(), TEMP_DIR), "attempt_" + partition + "_" + attempt);
  }

  private Path committedTaskDir(int partition) {
    return new Path(jobTempDir(), "task_" + partition);
  }

  /** Opens a new file in the attempt's private dir. */
  public OutputStream createTaskFile(Configuration conf, int partition, int attempt, String fileName)
      throws IOException {
    Path file = new Path(attemptDir(partition, attempt), fileName);
    return file.getFileSystem(conf).create(file, false);
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
      fs.mkdirs(attemptDir); // an attempt that wrote no file still commits (an empty partition)
    }
    if (!fs.rename(attemptDir, target)) {
      throw new IOException("Could not commit task output " + attemptDir + " to " + target);
    }
    return true;
  }

  public void abortTask(Configuration conf, int partition, int attempt) throws IOException {
    Path attemptDir = attemptDir(partition, attempt);
    attemptDir.getFileSystem(conf).delete(attemptDir, true);
  }

  /** Publishes every committed task's files into the destination and writes {@code _SUCCESS}. */
  public void commitJob(Configuration conf) throws IOException {
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    for (FileStatus task : fs.listStatus(jobTempDir())) {
      if (!task.isDirectory() || !task.getPath().getName().startsWith("task_")) {
        continue;
      }
      for (FileStatus file : fs.listStatus(task.getPath())) {
        Path dest = new Path(out, file.getPath().getName());
        if (!fs.rename(file.getPath(), dest)) {
          throw new IOException("Could not publish " + file.getPath() + " to " + dest);
        }
      }
    }
    fs.delete(new Path(out, TEMP_DIR), true);
    fs.create(new Path(out, SUCCESS_MARKER), true).close();
  }

  /** Removes everything the job wrote; the destination too if this job created it. */
  public void abortJob(Configuration conf) throws IOException {
    Path out = outputPath();
    FileSystem fs = out.getFileSystem(conf);
    fs.delete(new Path(out, TEMP_DIR), true);
    if (createdOutputDir && fs.exists(out) && fs.listStatus(out).length == 0) {
      fs.delete(out, false);
    }
  }
}
