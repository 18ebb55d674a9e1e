package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.util.Iterator;

/**
 * The root a {@code localCheckpoint()} leaves: the RDD's partitions live in the block store (the
 * RDD stays persisted), so this is only asked when a block is gone — and then the data is lost, as
 * in Spark.
 */
public final class LocalCheckpointRdd<T> extends RddNode<T> {
  private static final long serialVersionUID = 1L;

  private final int rddId;
  private final int numPartitions;

  LocalCheckpointRdd(RddContext context, int rddId, int numPartitions) {
    super(context);
    this.rddId = rddId;
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
  public Iterator<T> compute(Partition split, EngineTaskContext context) {
    throw new IllegalStateException("Checkpoint block rdd_" + rddId + "_" + split.index() + " not found! Either the "
        + "executor that originally checkpointed this partition is no longer alive, or the original RDD is "
        + "unpersisted. If this problem persists, use checkpoint() (reliable, in the checkpoint dir) instead.");
  }
}
