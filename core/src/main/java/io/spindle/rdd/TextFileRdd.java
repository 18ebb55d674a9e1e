package io.spindle.rdd;

import io.spindle.env.ExecutorEnv;
import io.spindle.task.EngineTaskContext;
import io.spindle.function.SpindleException;
import io.spindle.config.SpindleConfigs;
import io.spindle.io.FileSplit;
import io.spindle.io.InputSplitter;
import io.spindle.io.LineRecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Lines of text files on any Hadoop FileSystem, one partition per input split. The splits (and so
 * any "input path does not exist" error) are computed on the driver when the first action needs
 * them, before any task runs.
 */
public final class TextFileRdd extends RddNode<String> implements SignedInput {
  private static final long serialVersionUID = 1L;

  private final String paths;
  private final int minPartitions;

  public TextFileRdd(RddContext ctx, String paths, int minPartitions) {
    super(ctx);
    this.paths = paths;
    this.minPartitions = minPartitions;
  }

  private record SplitPartition(int index, FileSplit split) implements Partition {}

  @Override
  protected Partition[] computePartitions() {
    try {
      long maxBytes = context().conf().get(SpindleConfigs.FILES_MAX_PARTITION_BYTES);
      List<FileSplit> splits = InputSplitter.split(context().hadoopConf(), paths, minPartitions, maxBytes);
      Partition[] out = new Partition[splits.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = new SplitPartition(i, splits.get(i));
      }
      return out;
    } catch (IOException e) {
      throw new SpindleException(e.getMessage(), e);
    }
  }

  /**
   * The paths as given, the split count and every file read with its length and modification time
   * (one status call per file, on the driver, when a signature is asked for).
   */
  @Override
  public String inputIdentity() {
    StringBuilder out = new StringBuilder("textFile ").append(paths).append(" min=").append(minPartitions);
    java.util.TreeSet<String> files = new java.util.TreeSet<>();
    for (Partition p : partitions()) {
      files.add(((SplitPartition) p).split().path());
    }
    out.append(" splits=").append(partitions().length);
    try {
      for (String file : files) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        org.apache.hadoop.fs.FileStatus status = path.getFileSystem(context().hadoopConf()).getFileStatus(path);
        out.append('\n').append(file).append(" len=").append(status.getLen())
            .append(" mtime=").append(status.getModificationTime());
      }
    } catch (IOException e) {
      return null; // cannot tell what the input is now: never restore a stage that reads it
    }
    return out.toString();
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    return List.of(((SplitPartition) partition).split().hosts());
  }

  @Override
  public Iterator<String> compute(Partition split, EngineTaskContext context) {
    FileSplit fileSplit = ((SplitPartition) split).split();
    final LineRecordReader reader;
    try {
      reader = new LineRecordReader(ExecutorEnv.of(context).hadoopConf(), fileSplit);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open input " + fileSplit, e);
    }
    context.addTaskCompletionListener(() -> {
      try {
        reader.close();
      } catch (IOException ignored) {
        // reading is over; nothing to save
      }
    });
    return new Iterator<>() {
      private String next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = reader.next();
          } catch (IOException e) {
            throw new UncheckedIOException("Failed reading " + fileSplit.path(), e);
          }
        }
        return next != null;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        context.metrics().incInput(1, line.length() + 1L); // chars + newline: the bytes of ASCII text
        return line;
      }
    };
  }
}
