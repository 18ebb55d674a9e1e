package io.spindle.hadoop;

import io.spindle.env.ExecutorEnv;
import io.spindle.function.Pair;
import io.spindle.function.SpindleException;
import io.spindle.function.TaskContext;
import io.spindle.io.OutputExistsException;
import io.spindle.rdd.RddContext;
import io.spindle.rdd.RddNode;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.FileAlreadyExistsException;
import org.apache.hadoop.mapred.FileOutputCommitter;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.JobContext;
import org.apache.hadoop.mapred.JobContextImpl;
import org.apache.hadoop.mapred.JobID;
import org.apache.hadoop.mapred.JobStatus;
import org.apache.hadoop.mapred.OutputCommitter;
import org.apache.hadoop.mapred.OutputFormat;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TaskAttemptContext;
import org.apache.hadoop.mapred.TaskAttemptContextImpl;
import org.apache.hadoop.mapred.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;

/**
 * {@code saveAsHadoopFile} / {@code saveAsHadoopDataset}: the old-API ({@code org.apache.hadoop.mapred})
 * twin of {@link NewHadoopOutput} — the JobConf's OutputFormat writes {@code part-NNNNN} through the
 * JobConf's OutputCommitter (FileOutputCommitter by default, algorithm 1 unless set), each task's
 * commit allowed by the driver's commit coordinator, the job committed once every task has, aborted
 * otherwise. The task's attempt id and work dir are set in its JobConf as MapReduce's Task does.
 */
public final class OldHadoopOutput {
  private OldHadoopOutput() {}

  public static <K, V> void save(RddNode<Pair<K, V>> rdd, JobConf userConf) {
    JobConf conf = new JobConf(userConf);
    NewHadoopOutput.preferAllOrNothingCommits(conf);
    RddContext ctx = rdd.context();
    String tracker = NewHadoopOutput.jobTrackerId();
    int jobNumber = rdd.id();
    JobContext job = new JobContextImpl(conf, new JobID(tracker, jobNumber));
    OutputCommitter committer;
    try {
      OutputFormat<?, ?> format = conf.getOutputFormat();
      try {
        format.checkOutputSpecs(FileSystem.get(conf), conf);
      } catch (FileAlreadyExistsException e) {
        throw new OutputExistsException(e.getMessage() + "; choose another output path or delete it first");
      }
      committer = conf.getOutputCommitter();
      committer.setupJob(job);
    } catch (IOException e) {
      throw new SpindleException(e.getMessage(), e);
    }
    SerializableConfiguration shipped = new SerializableConfiguration(conf);
    try {
      ctx.runJob(rdd, (tc, it) -> {
        writePartition(new JobConf(shipped.value()), tracker, jobNumber, tc, it);
        return null;
      });
      committer.commitJob(job);
    } catch (RuntimeException | IOException e) {
      try {
        committer.abortJob(job, JobStatus.FAILED);
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
  private static <K, V> void writePartition(JobConf conf, String tracker, int jobNumber, TaskContext tc,
      Iterator<Pair<K, V>> records) throws Exception {
    int partition = tc.partitionId();
    long attemptId = tc.taskAttemptId();
    TaskAttemptID id = new TaskAttemptID(tracker, jobNumber, TaskType.MAP, partition, (int) attemptId);
    conf.set("mapreduce.task.id", id.getTaskID().toString());
    conf.set("mapreduce.task.attempt.id", id.toString());
    conf.setBoolean("mapreduce.task.ismap", true);
    conf.setInt("mapreduce.task.partition", partition);
    conf.set("mapreduce.job.id", id.getJobID().toString());
    TaskAttemptContext attempt = new TaskAttemptContextImpl(conf, id);
    OutputCommitter committer = conf.getOutputCommitter();
    committer.setupTask(attempt);
    if (committer instanceof FileOutputCommitter files) {
      Path work = files.getTaskAttemptPath(attempt);
      conf.set("mapreduce.task.output.dir", work.toString()); // where FileOutputFormat writes (Task.initialize)
    }
    OutputFormat format = conf.getOutputFormat();
    RecordWriter writer = null;
    try {
      writer = format.getRecordWriter(FileSystem.get(conf), conf, String.format("part-%05d", partition),
          Reporter.NULL);
      long n = 0;
      while (records.hasNext()) {
        Pair<K, V> p = records.next();
        writer.write(p.key(), p.value());
        n++;
      }
      RecordWriter closing = writer;
      writer = null;
      closing.close(Reporter.NULL);
      tc.metrics().incOutput(n, 0);
    } catch (Exception | Error e) {
      if (writer != null) {
        try {
          writer.close(Reporter.NULL);
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
