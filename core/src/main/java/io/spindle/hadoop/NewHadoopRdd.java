package io.spindle.hadoop;

import io.spindle.function.Pair;
import io.spindle.rdd.Partition;
import io.spindle.rdd.RddContext;
import io.spindle.rdd.RddNode;
import io.spindle.task.EngineTaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The records of any new-API ({@code org.apache.hadoop.mapreduce}) InputFormat: one partition per
 * split the format computes on the driver, preferring the split's hosts; a task opens the format's
 * own RecordReader on its split. As in Spark, the reader may reuse its key and value objects: map
 * them to your own values (or copy them) before caching, collecting or shuffling.
 */
public final class NewHadoopRdd<K, V> extends RddNode<Pair<K, V>> {
  private static final long serialVersionUID = 1L;

  private final SerializableConfiguration conf;
  private final Class<? extends InputFormat<K, V>> formatClass;

  private record SplitPartition(int index, String splitClass, byte[] split, List<String> hosts) implements Partition {}

  public NewHadoopRdd(RddContext ctx, Configuration conf, Class<? extends InputFormat<K, V>> formatClass) {
    super(ctx);
    this.conf = new SerializableConfiguration(conf);
    this.formatClass = formatClass;
  }

  @Override
  protected Partition[] computePartitions() {
    Configuration c = conf.value();
    InputFormat<K, V> format = ReflectionUtils.newInstance(formatClass, c);
    try {
      List<InputSplit> splits = new java.util.ArrayList<>(format.getSplits(new JobContextImpl(c, new JobID("spindle", id()))));
      if (splits.stream().allMatch(s -> s instanceof org.apache.hadoop.mapreduce.lib.input.FileSplit)) {
        // A directory listing's order is the file system's: sort file splits by path and offset, so
        // partitions follow the files' names (part-00000, part-00001, …) as text input does.
        splits.sort(java.util.Comparator.comparing((InputSplit s) -> ((org.apache.hadoop.mapreduce.lib.input.FileSplit) s).getPath().toString())
            .thenComparingLong(s -> ((org.apache.hadoop.mapreduce.lib.input.FileSplit) s).getStart()));
      }
      Partition[] out = new Partition[splits.size()];
      for (int i = 0; i < out.length; i++) {
        InputSplit s = splits.get(i);
        out[i] = new SplitPartition(i, s.getClass().getName(), Splits.toBytes(c, s), Splits.hosts(s.getLocations()));
      }
      return out;
    } catch (IOException e) {
      throw new io.spindle.function.SpindleException(formatClass.getSimpleName() + ": cannot compute the input splits: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.spindle.function.SpindleException("Interrupted computing input splits", e);
    }
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    return ((SplitPartition) partition).hosts();
  }

  @Override
  public Iterator<Pair<K, V>> compute(Partition partition, EngineTaskContext context) {
    SplitPartition p = (SplitPartition) partition;
    Configuration c = conf.value();
    InputSplit split = (InputSplit) Splits.fromBytes(c, p.splitClass(), p.split());
    TaskAttemptContext attempt = new TaskAttemptContextImpl(c,
        new TaskAttemptID("spindle", id(), TaskType.MAP, p.index(), context.attemptNumber()));
    InputFormat<K, V> format = ReflectionUtils.newInstance(formatClass, c);
    RecordReader<K, V> reader;
    try {
      reader = format.createRecordReader(split, attempt);
      reader.initialize(split, attempt);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the input split " + split, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted opening " + split, e);
    }
    context.addTaskCompletionListener(() -> {
      try {
        reader.close();
      } catch (IOException ignored) {
        // reading is over
      }
    });
    return new Iterator<>() {
      private boolean fetched;
      private boolean more;

      @Override
      public boolean hasNext() {
        if (!fetched) {
          try {
            more = reader.nextKeyValue();
          } catch (IOException e) {
            throw new UncheckedIOException("Failed reading " + split, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading " + split, e);
          }
          fetched = true;
        }
        return more;
      }

      @Override
      public Pair<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        fetched = false;
        try {
          context.metrics().incInput(1, 0);
          return new Pair<>(reader.getCurrentKey(), reader.getCurrentValue());
        } catch (IOException e) {
          throw new UncheckedIOException("Failed reading " + split, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted reading " + split, e);
        }
      }
    };
  }
}
