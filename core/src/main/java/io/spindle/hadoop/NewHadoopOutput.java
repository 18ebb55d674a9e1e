package io.spindle.hadoop;

import io.spindle.env.ExecutorEnv;
import io.spindle.function.Pair;
import io.spindle.function.SpindleException;
import io.spindle.function.TaskContext;
import io.spindle.io.OutputExistsException;
import io.spindle.rdd.RddContext;
import io.spindle.rdd.RddNode;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.FileAlreadyExistsException;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * {@code saveAsNewAPIHadoopFile} / {@code saveAsNewAPIHadoopDataset}: the pairs written by any
 * new-API OutputFormat and published through <em>its own</em> OutputCommitter, as Spark's
 * SparkHadoopWriter does: on the driver {@code checkOutputSpecs} (an existing output dir is
 * refused before anything runs) and {@code setupJob}; in each task {@code setupTask}, the format's
 * RecordWriter, then {@code commitTask} only if the driver's commit coordinator lets this attempt
 * commit the partition (else {@code abortTask}); on the driver {@code commitJob} once every task
 * committed, {@code abortJob} if the job failed. So output is all-or-nothing as the committer makes
 * it (FileOutputCommitter: files appear in the output dir, with {@code _SUCCESS}, at commitJob).
 */
public final class NewHadoopOutput {
  private NewHadoopOutput() {}

  static final String ALGORITHM_VERSION = "mapreduce.fileoutputcommitter.algorithm.version";

  /**
   * FileOutputCommitter algorithm 1 publishes task output at commitJob only: all or nothing, as
   * saveAsTextFile. Hadoop 3.5's mapred-default.xml says 2, which moves each task's files into the
   * output dir at commitTask, so a failed job leaves some behind. As Spark does, 1 is used unless
   * the user set the key (in code, a site file or {@code spindle.hadoop.*}).
   */
  static void preferAllOrNothingCommits(Configuration conf) {
    String[] sources = conf.getPropertySources(ALGORITHM_VERSION);
    boolean onlyDefaults = sources == null || java.util.Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"));
    if (onlyDefaults) {
      conf.set(ALGORITHM_VERSION, "1");
    }
  }

  /** Spark's job tracker id: the time the write started, so attempt ids differ between writes. */
  static String jobTrackerId() {
    return new SimpleDateFormat("yyyyMMddHHmmss", Locale.US).format(new Date());
  }

  @SuppressWarnings("rawtypes")
  public static <K, V> void save(RddNode<Pair<K, V>> rdd, Configuration userConf) {
    Configuration jobConf = new Configuration(userConf);
    NewHadoopOutput.preferAllOrNothingCommits(jobConf);
    RddContext ctx = rdd.context();
    String tracker = jobTrackerId();
    int jobNumber = rdd.id();
    JobContext job = new JobContextImpl(jobConf, new JobID(tracker, jobNumber));
    OutputFormat<?, ?> format;
    OutputCommitter committer;
    try {
      format = job.getOutputFormatClass() == null ? null : ReflectionUtils.newInstance(job.getOutputFormatClass(), jobConf);
      try {
        format.checkOutputSpecs(job);
      } catch (FileAlreadyExistsException e) {
        throw new OutputExistsException(e.getMessage() + "; choose another output path or delete it first");
      }
      TaskAttemptContext driverAttempt = new TaskAttemptContextImpl(jobConf,
          new TaskAttemptID(tracker, jobNumber, TaskType.REDUCE, 0, 0));
      committer = format.getOutputCommitter(driverAttempt);
      committer.setupJob(job);
    } catch (IOException | ClassNotFoundException | InterruptedException e) {
      throw new SpindleException(e.getMessage(), e);
    }
    SerializableConfiguration shipped = new SerializableConfiguration(jobConf);
    try {
      ctx.runJob(rdd, (tc, it) -> {
        writePartition(shipped.value(), tracker, jobNumber, tc, it);
        return null;
      });
      committer.commitJob(job);
    } catch (RuntimeException | IOException e) {
      try {
        committer.abortJob(job, JobStatus.State.FAILED);
      } catch (IOException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new SpindleException("Could not commit the output job: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <K, V> void writePartition(Configuration conf, String tracker, int jobNumber, TaskContext tc,
      Iterator<Pair<K, V>> records) throws Exception {
    int partition = tc.partitionId();
    long attemptId = tc.taskAttemptId();
    TaskAttemptContext attempt = new TaskAttemptContextImpl(conf,
        new TaskAttemptID(tracker, jobNumber, TaskType.REDUCE, partition, (int) attemptId));
    OutputFormat format = ReflectionUtils.newInstance(attempt.getOutputFormatClass(), conf);
    OutputCommitter committer = format.getOutputCommitter(attempt);
    committer.setupTask(attempt);
    RecordWriter writer = null;
    try {
      writer = format.getRecordWriter(attempt);
      long n = 0;
      while (records.hasNext()) {
        Pair<K, V> p = records.next();
        writer.write(p.key(), p.value());
        n++;
      }
      RecordWriter closing = writer;
      writer = null;
      closing.close(attempt);
      tc.metrics().incOutput(n, 0);
    } catch (Exception | Error e) {
      if (writer != null) {
        try {
          writer.close(attempt);
        } catch (Exception closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      committer.abortTask(attempt);
      throw e;
    }
    if (committer.needsTaskCommit(attempt)) {
      if (ExecutorEnv.of(tc).commitCoordinator().canCommit(tc.stageId(), partition, attemptId)) {
        committer.commitTask(attempt);
      } else {
        committer.abortTask(attempt);
        throw new io.spindle.output.CommitDeniedException(partition, attemptId);
      }
    }
  }
}
