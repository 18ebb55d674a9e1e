package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A checkpointed RDD's partitions read back from its files ({@link Checkpoints}); it has no
 * parents, so it is the root of the lineage it ends. A partition prefers the hosts of its file's
 * first block.
 */
public final class ReliableCheckpointRdd<T> extends RddNode<T> {
  private static final long serialVersionUID = 1L;

  private final String dir;
  private final int numPartitions;

  ReliableCheckpointRdd(RddContext context, String dir, int numPartitions) {
    super(context);
    this.dir = dir;
    this.numPartitions = numPartitions;
  }

  @Override
  protected Partition[] computePartitions() {
    Partition[] out = new Partition[numPartitions];
    for (int i = 0; i < numPartitions; i++) {
      out[i] = new IndexPartition(i);
    }
    return out;
  }

  @Override
  public List<String> preferredLocations(Partition partition) {
    if (context() == null) {
      return List.of();
    }
    try {
      Path file = new Path(Checkpoints.partFile(dir, partition.index()));
      FileSystem fs = file.getFileSystem(context().hadoopConf());
      FileStatus status = fs.getFileStatus(file);
      BlockLocation[] blocks = fs.getFileBlockLocations(status, 0, Math.max(1, status.getLen()));
      return blocks.length == 0 ? List.of() : new ArrayList<>(List.of(blocks[0].getHosts()));
    } catch (IOException e) {
      return List.of(); // the read will report the problem
    }
  }

  @Override
  public Iterator<T> compute(Partition split, EngineTaskContext context) {
    return Checkpoints.readPartition(dir, split.index(), context);
  }

  /** The directory of this checkpoint's files. */
  public String dir() {
    return dir;
  }

  @Override
  public String toString() {
    return super.toString() + " " + dir;
  }
}
