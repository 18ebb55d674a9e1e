package io.spindle.hadoop;

import io.spindle.function.SpindleException;
import io.spindle.io.InputSplitter;
import io.spindle.rdd.Partition;
import io.spindle.rdd.RddContext;
import io.spindle.rdd.RddNode;
import io.spindle.task.EngineTaskContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;

/**
 * The files named by a path list (files, directories, globs), whole: each record is one file's
 * qualified path, for {@code wholeTextFiles} and {@code binaryFiles} to read. Files are packed in
 * name order into partitions of at most {@code ceil(total bytes / minPartitions)} bytes (Spark's
 * CombineFileInputFormat goal), a partition preferring the hosts holding most of its bytes.
 */
public final class WholeFilesRdd extends RddNode<String> {
  private static final long serialVersionUID = 1L;

  private final String paths;
  private final int minPartitions;

  private record FilesPartition(int index, List<String> files, List<String> hosts) implements Partition {}

  public WholeFilesRdd(RddContext ctx, String paths, int minPartitions) {
    super(ctx);
    this.paths = paths;
    this.minPartitions = Math.max(1, minPartitions);
  }

  @Override
  protected Partition[] computePartitions() {
    List<FileStatus> files;
    try {
      files = InputSplitter.listFiles(context().hadoopConf(), paths);
    } catch (IOException e) {
      throw new SpindleException(e.getMessage(), e);
    }
    long total = 0;
    for (FileStatus f : files) {
      total += f.getLen();
    }
    long target = Math.max(1, (total + minPartitions - 1) / minPartitions);
    List<Partition> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    Map<String, Long> hostBytes = new LinkedHashMap<>();
    long bytes = 0;
    for (FileStatus f : files) {
      if (!current.isEmpty() && bytes + f.getLen() > target) {
        out.add(new FilesPartition(out.size(), current, bestHosts(hostBytes)));
        current = new ArrayList<>();
        hostBytes = new LinkedHashMap<>();
        bytes = 0;
      }
      current.add(f.getPath().toString());
      bytes += f.getLen();
      if (f instanceof LocatedFileStatus located && located.getBlockLocations() != null) {
        for (BlockLocation b : located.getBlockLocations()) {
          try {
            for (String h : b.getHosts()) {
              hostBytes.merge(h, b.getLength(), Long::sum);
            }
          } catch (IOException ignored) {
            // no hosts for this block: no preference from it
          }
        }
      }
    }
    if (!current.isEmpty()) {
      out.add(new FilesPartition(out.size(), current, bestHosts(hostBytes)));
    }
    return out.toArray(new Partition[0]);
  }

  private static List<String> bestHosts(Map<String, Long> hostBytes) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(hostBytes.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    List<String> hosts = new ArrayList<>();
    for (Map.Entry<String, Long> e : entries.subList(0, Math.min(3, entries.size()))) {
      hosts.add(e.getKey());
    }
    return Splits.hosts(hosts.toArray(new String[0]));
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    return ((FilesPartition) partition).hosts();
  }

  @Override
  public Iterator<String> compute(Partition partition, EngineTaskContext context) {
    return ((FilesPartition) partition).files().iterator();
  }

  @Override
  public String toString() {
    return super.toString() + " " + Arrays.asList(paths);
  }
}
