package io.spindle.rdd;

import io.spindle.env.ExecutorEnv;
import io.spindle.function.SpindleException;
import io.spindle.storage.BlockCodec;
import io.spindle.task.EngineTaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints, as Spark does them: {@code rdd.checkpoint()} only marks the RDD; after the next job
 * that computes it, the driver runs one more job that writes each partition to
 * {@code <checkpoint dir>/rdd-<id>/part-NNNNN} (Kryo records, as cached blocks on disk; written under a
 * temporary name and renamed, so a retried task never leaves half a file), then truncates the
 * lineage: the RDD's only parent becomes a {@link ReliableCheckpointRdd} reading those files, so
 * later jobs neither recompute nor re-shuffle its ancestors. Cache the RDD first to avoid computing
 * it twice. {@code localCheckpoint()} keeps the partitions in the block store (memory and disk)
 * instead: faster, but lost with the executor.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** What was asked for. */
  public enum Mark {
    RELIABLE, LOCAL, IN_PROGRESS
  }

  /** After a job on {@code rdd}: writes the checkpoints marked in its lineage (not below a marked RDD). */
  public static void afterJob(RddNode<?> rdd) {
    visit(rdd, new HashSet<>());
  }

  private static void visit(RddNode<?> rdd, Set<Integer> seen) {
    if (!seen.add(rdd.id()) || rdd.isCheckpointed()) {
      return;
    }
    Mark mark = rdd.checkpointMark();
    if (mark == Mark.IN_PROGRESS) {
      return;
    }
    if (mark != null) {
      write(rdd, mark);
      return;
    }
    for (Dependency<?> dep : rdd.dependencies()) {
      visit(dep.rdd(), seen);
    }
  }

  private static <T> void write(RddNode<T> rdd, Mark mark) {
    rdd.markForCheckpoint(Mark.IN_PROGRESS);
    boolean done = false;
    try {
      int n = rdd.getNumPartitions();
      if (mark == Mark.LOCAL) {
        // Every partition into the block store (the ones the job computed are there already).
        rdd.context().runJob(rdd, (tc, it) -> {
          it.forEachRemaining(x -> { });
          return null;
        });
        rdd.checkpointWritten(new LocalCheckpointRdd<>(rdd.context(), rdd.id(), n));
      } else {
        String dir = rdd.context().checkpointDir() + "/rdd-" + rdd.id();
        rdd.context().runJob(rdd, (tc, it) -> {
          writePartition(dir, tc, it);
          return null;
        });
        rdd.checkpointWritten(new ReliableCheckpointRdd<>(rdd.context(), dir, n));
      }
      done = true;
    } finally {
      if (!done) {
        rdd.markForCheckpoint(mark); // try again after the next job
      }
    }
  }

  static String partFile(String dir, int partition) {
    return dir + "/" + String.format("part-%05d", partition);
  }

  private static void writePartition(String dir, io.spindle.function.TaskContext tc, Iterator<?> records)
      throws IOException {
    ExecutorEnv env = ExecutorEnv.of(tc);
    Configuration conf = env.hadoopConf();
    Path target = new Path(partFile(dir, tc.partitionId()));
    Path temp = new Path(dir, "." + target.getName() + "-attempt-" + tc.taskAttemptId());
    FileSystem fs = target.getFileSystem(conf);
    try (OutputStream out = fs.create(temp, false)) {
      BlockCodec.write(env.serializer(), records, out);
    }
    if (!fs.rename(temp, target)) {
      fs.delete(temp, false);
      if (!fs.exists(target)) {
        throw new IOException("Checkpoint: cannot rename " + temp + " to " + target);
      }
      // another attempt of this partition wrote it first: its file is as good as ours
    }
  }

  /** Reads one partition file of a reliable checkpoint, in a task. */
  static <T> Iterator<T> readPartition(String dir, int partition, EngineTaskContext tc) {
    ExecutorEnv env = ExecutorEnv.of(tc);
    Path file = new Path(partFile(dir, partition));
    try {
      InputStream in = file.getFileSystem(env.hadoopConf()).open(file);
      return BlockCodec.read(env.serializer(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint file " + file + " cannot be read; it was written by an earlier job "
          + "of this application (was the checkpoint dir deleted?)", e);
    }
  }

  /** Creates {@code dir/<uuid>} for this application's checkpoints and returns it, qualified. */
  public static String createDir(Configuration conf, String dir) {
    try {
      Path path = new Path(dir, java.util.UUID.randomUUID().toString());
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.mkdirs(path)) {
        throw new IOException("mkdirs returned false");
      }
      return fs.makeQualified(path).toString();
    } catch (IOException e) {
      throw new SpindleException("Cannot create the checkpoint directory under " + dir + ": " + e.getMessage()
          + "; give setCheckpointDir a writable directory (on YARN one in HDFS)", e);
    }
  }

  /** Deletes an application's checkpoint directory (the context is closing). */
  public static void deleteDir(Configuration conf, String dir) throws IOException {
    Path path = new Path(dir);
    path.getFileSystem(conf).delete(path, true);
  }
}
