package io.spindle.rdd;

import io.spindle.env.ExecutorEnv;
import io.spindle.function.TaskContext;
import io.spindle.function.SpindleException;
import io.spindle.io.FileOutputCommitter;
import io.spindle.output.OutputCommitCoordinator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;

/**
 * saveAsTextFile: one part file per partition through hdfs-io's {@link FileOutputCommitter}, with
 * the driver's {@link OutputCommitCoordinator} allowing one committed attempt per partition.
 */
public final class TextFileOutput {
  private static final int BUFFER_BYTES = 64 * 1024;

  private TextFileOutput() {}

  public static <T> void save(RddNode<T> rdd, String path) {
    save(rdd, path, null);
  }

  /**
   * As {@link #save(RddNode, String)}, each part file compressed by {@code codecClass} (null: plain)
   * and named with the codec's extension ({@code part-00000.gz}), so textFile reads it back.
   */
  public static <T> void save(RddNode<T> rdd, String path,
      Class<? extends org.apache.hadoop.io.compress.CompressionCodec> codecClass) {
    RddContext ctx = rdd.context();
    Configuration conf = ctx.hadoopConf();
    FileOutputCommitter committer = new FileOutputCommitter(path, "job_" + ctx.applicationId() + "_" + rdd.id());
    if (io.spindle.output.OutputLifecycle.current().committedEarlier(path)) {
      // AM restart: the first attempt published this output; running the user's main again must not
      // fail on it ("output exists") nor write it a second time.
      org.slf4j.LoggerFactory.getLogger(TextFileOutput.class).info(
          "Output {} was committed by an earlier attempt of this application; not written again", path);
      return;
    }
    try {
      committer.checkOutputDoesNotExist(conf);
      // Journaled before the temporary dir exists, so a driver killed in between leaves nothing unnamed.
      io.spindle.output.OutputLifecycle.current().started(path);
      committer.setupJob(conf);
    } catch (IOException e) {
      throw new SpindleException(e.getMessage(), e);
    }
    try {
      ctx.runJob(rdd, (tc, it) -> {
        writePartition(committer, tc, it, codecClass);
        return null;
      });
      committer.commitJob(conf);
      io.spindle.output.OutputLifecycle.current().committed(path);
    } catch (RuntimeException | IOException e) {
      try {
        committer.abortJob(conf);
        io.spindle.output.OutputLifecycle.current().ended(path);
      } catch (IOException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new SpindleException("Could not publish the output in " + path + ": " + e.getMessage(), e);
    }
  }

  private static <T> void writePartition(FileOutputCommitter committer, TaskContext tc, Iterator<T> it,
      Class<? extends org.apache.hadoop.io.compress.CompressionCodec> codecClass) throws IOException {
    Configuration conf = ExecutorEnv.of(tc).hadoopConf();
    int partition = tc.partitionId();
    long attempt = tc.taskAttemptId();
    org.apache.hadoop.io.compress.CompressionCodec codec = codecClass == null ? null
        : org.apache.hadoop.util.ReflectionUtils.newInstance(codecClass, conf);
    String fileName = String.format("part-%05d", partition) + (codec == null ? "" : codec.getDefaultExtension());
    OutputStream file = committer.createTaskFile(conf, partition, (int) attempt, fileName);
    try (OutputStream out = new BufferedOutputStream(codec == null ? file : codec.createOutputStream(file),
        BUFFER_BYTES)) {
      long records = 0;
      long bytes = 0;
      while (it.hasNext()) {
        byte[] line = String.valueOf(it.next()).getBytes(StandardCharsets.UTF_8);
        out.write(line);
        out.write('\n');
        records++;
        bytes += line.length + 1;
      }
      tc.metrics().incOutput(records, bytes);
    } catch (Exception | Error e) { // Exception: user code's checked exceptions arrive undeclared (sneaky), a kill's
      // InterruptedException among them; the attempt's file must go with them too, or it outlives a job the
      // driver already aborted (a cancelled job's, LocalClusterJobControlTest)
      committer.abortTask(conf, partition, (int) attempt);
      throw e;
    }
    OutputCommitCoordinator coordinator = ExecutorEnv.of(tc).commitCoordinator();
    int stageId = tc.stageId();
    boolean committed = committer.commitTask(conf, partition, (int) attempt,
        (p, a) -> coordinator.canCommit(stageId, p, attempt));
    if (!committed) {
      throw new io.spindle.output.CommitDeniedException(partition, attempt);
    }
  }
}
