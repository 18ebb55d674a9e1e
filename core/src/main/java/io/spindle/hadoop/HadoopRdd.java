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
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The records of any old-API ({@code org.apache.hadoop.mapred}) InputFormat, as Spark's HadoopRDD:
 * {@code getSplits(conf, minPartitions)} on the driver, one partition per split preferring its
 * hosts, the format's RecordReader in the task. Keys and values are the reader's reused objects.
 */
public final class HadoopRdd<K, V> extends RddNode<Pair<K, V>> {
  private static final long serialVersionUID = 1L;

  private final SerializableConfiguration conf;
  private final Class<? extends InputFormat<K, V>> formatClass;
  private final int minPartitions;

  private record SplitPartition(int index, String splitClass, byte[] split, List<String> hosts) implements Partition {}

  public HadoopRdd(RddContext ctx, JobConf conf, Class<? extends InputFormat<K, V>> formatClass, int minPartitions) {
    super(ctx);
    this.conf = new SerializableConfiguration(conf);
    this.formatClass = formatClass;
    this.minPartitions = minPartitions;
  }

  private JobConf jobConf() {
    return new JobConf(conf.value());
  }

  @Override
  protected Partition[] computePartitions() {
    JobConf c = jobConf();
    InputFormat<K, V> format = ReflectionUtils.newInstance(formatClass, c);
    try {
      InputSplit[] splits = format.getSplits(c, minPartitions);
      if (java.util.Arrays.stream(splits).allMatch(s -> s instanceof org.apache.hadoop.mapred.FileSplit)) {
        // A directory listing's order is the file system's: sort file splits by path and offset, so
        // partitions follow the files' names (part-00000, part-00001, …) as text input does.
        java.util.Arrays.sort(splits, java.util.Comparator.comparing((InputSplit s) -> ((org.apache.hadoop.mapred.FileSplit) s).getPath().toString())
            .thenComparingLong(s -> ((org.apache.hadoop.mapred.FileSplit) s).getStart()));
      }
      Partition[] out = new Partition[splits.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = new SplitPartition(i, splits[i].getClass().getName(), Splits.toBytes(c, splits[i]),
            Splits.hosts(splits[i].getLocations()));
      }
      return out;
    } catch (IOException e) {
      throw new io.spindle.function.SpindleException(formatClass.getSimpleName() + ": cannot compute the input splits: "
          + e.getMessage(), e);
    }
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    return ((SplitPartition) partition).hosts();
  }

  @Override
  public Iterator<Pair<K, V>> compute(Partition partition, EngineTaskContext context) {
    SplitPartition p = (SplitPartition) partition;
    JobConf c = jobConf();
    InputSplit split = (InputSplit) Splits.fromBytes(c, p.splitClass(), p.split());
    InputFormat<K, V> format = ReflectionUtils.newInstance(formatClass, c);
    RecordReader<K, V> reader;
    try {
      reader = format.getRecordReader(split, c, Reporter.NULL);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the input split " + split, e);
    }
    context.addTaskCompletionListener(() -> {
      try {
        reader.close();
      } catch (IOException ignored) {
        // reading is over
      }
    });
    K key = reader.createKey();
    V value = reader.createValue();
    return new Iterator<>() {
      private boolean fetched;
      private boolean more;

      @Override
      public boolean hasNext() {
        if (!fetched) {
          try {
            more = reader.next(key, value);
          } catch (IOException e) {
            throw new UncheckedIOException("Failed reading " + split, e);
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
        context.metrics().incInput(1, 0);
        return new Pair<>(key, value);
      }
    };
  }
}
