package io.spindle.rdd;

import io.spindle.env.ExecutorEnv;
import io.spindle.function.Partitioner;
import io.spindle.function.StorageLevel;
import io.spindle.task.EngineTaskContext;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * One node of an RDD's lineage, as the engine sees it: its id, partitions, dependencies, how it
 * computes a partition, where a partition prefers to run, its partitioner and storage level. The
 * DAG scheduler cuts stages from these nodes, tasks carry them (up to the nearest shuffle: fields
 * only the driver needs are transient), and every RDD implementation in this package extends it.
 *
 * <p>The user API is {@link io.spindle.Rdd} / {@link io.spindle.PairRdd}: facades that hold a node
 * and build new nodes (Spark's JavaRDD over RDD). A custom RDD (a test's, say) extends this class,
 * passing {@code spindleContext.rddContext()} to this constructor, and is wrapped with
 * {@code Rdd.wrap(node)} to use the operators; {@code rdd.node()} goes the other way.
 */
public abstract class RddNode<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final transient RddContext context;
  private final int id;
  private transient Partition[] partitions;
  private transient List<Dependency<?>> dependencies;
  private transient String name;
  /** Travels with the lineage, so tasks know to go through the block store. */
  private StorageLevel storageLevel = StorageLevel.NONE;
  /** checkpoint()/localCheckpoint() asked for, not yet written (driver only; see {@link Checkpoints}). */
  private transient Checkpoints.Mark checkpointMark;
  /** Once checkpointed: the node the partitions are read from. Travels with tasks; the lineage stops here. */
  private RddNode<T> checkpointed;
  /**
   * Where user code created this node ("map at WordCount.java:31"; null when no user frame called),
   * taken once on the driver: part of the lineage signature that matches stages across AM attempts.
   */
  private final transient String creationSite = io.spindle.util.CallSite.ofCaller();

  protected RddNode(RddContext context) {
    this.context = context;
    this.id = context.newRddId();
  }

  /** The partitions of this RDD; called once, on the driver. */
  protected abstract Partition[] computePartitions();

  /** Computes one partition, in a task. */
  public abstract Iterator<T> compute(Partition split, EngineTaskContext context);

  /** The parents of this RDD; called once, on the driver. No parents by default. */
  protected List<Dependency<?>> computeDependencies() {
    return List.of();
  }

  /** How this RDD's keys are placed, if it is known (e.g. after a shuffle); else null. */
  public Partitioner partitioner() {
    return null;
  }

  /** Hosts where a partition's data is, best first; empty when it does not matter. */
  public List<String> preferredLocations(Partition partition) {
    return List.of();
  }

  public final Partition[] partitions() {
    if (partitions == null) {
      Partition[] computed = computePartitions();
      for (int i = 0; i < computed.length; i++) {
        if (computed[i].index() != i) {
          throw new IllegalStateException(this + ": partition " + i + " has index " + computed[i].index());
        }
      }
      partitions = computed;
    }
    return partitions;
  }

  public final List<Dependency<?>> dependencies() {
    if (checkpointed != null) {
      return List.of(new OneToOneDependency<>(checkpointed)); // the lineage is truncated at the checkpoint
    }
    if (dependencies == null) {
      dependencies = computeDependencies();
    }
    return dependencies;
  }

  /**
   * Keeps each partition at {@code level} the first time a job computes it. A level cannot be
   * changed once set (unpersist first).
   */
  public void persist(StorageLevel level) {
    if (level == null || !level.isValid()) {
      throw new IllegalArgumentException("persist() needs a storage level that uses memory or disk, got " + level);
    }
    if (storageLevel != StorageLevel.NONE && storageLevel != level) {
      throw new UnsupportedOperationException("Cannot change the storage level of " + this + " from " + storageLevel
          + " to " + level + "; call unpersist() first.");
    }
    storageLevel = level;
  }

  /** Forgets the level and drops the cached partitions from memory and disk. */
  public void unpersist() {
    storageLevel = StorageLevel.NONE;
    if (context != null) {
      context.removeRdd(id);
    }
  }

  public StorageLevel getStorageLevel() {
    return storageLevel;
  }

  /**
   * The records of one partition: what children call to read this RDD inside a task. A
   * persisted RDD's partitions come from (or are stored into) the executor's block store.
   */
  public final Iterator<T> iterator(Partition split, EngineTaskContext taskContext) {
    if (storageLevel != StorageLevel.NONE) {
      return ExecutorEnv.of(taskContext).blockStore().getOrCompute(id, split.index(), storageLevel,
          () -> computeOrReadCheckpoint(split, taskContext));
    }
    return computeOrReadCheckpoint(split, taskContext);
  }

  private Iterator<T> computeOrReadCheckpoint(Partition split, EngineTaskContext taskContext) {
    RddNode<T> cp = checkpointed;
    return cp != null ? cp.iterator(new IndexPartition(split.index()), taskContext) : compute(split, taskContext);
  }

  /** Asks for this RDD to be checkpointed after the next job that computes it ({@link Checkpoints}). */
  public void markForCheckpoint(Checkpoints.Mark mark) {
    if (checkpointed == null) {
      checkpointMark = mark;
    }
  }

  Checkpoints.Mark checkpointMark() {
    return checkpointMark;
  }

  /** The checkpoint is written: from now on partitions are read from {@code checkpoint}, and the lineage stops there. */
  void checkpointWritten(RddNode<T> checkpoint) {
    checkpointed = checkpoint;
    checkpointMark = null;
  }

  public boolean isCheckpointed() {
    return checkpointed != null;
  }

  /** The node the checkpoint is read from, or null. */
  public RddNode<T> checkpointNode() {
    return checkpointed;
  }

  /** The context that created this RDD (null inside tasks). */
  public RddContext context() {
    return context;
  }

  public int id() {
    return id;
  }

  /** The user call site that created this node (driver only; null inside tasks or without a user frame). */
  public String creationSite() {
    return creationSite;
  }

  public int getNumPartitions() {
    return partitions().length;
  }

  public String name() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public String toString() {
    return (name != null ? name + " " : "") + getClass().getSimpleName() + "[" + id + "]";
  }

  /** The lineage as an indented tree; shuffles are marked with {@code +-}. */
  public String toDebugString() {
    StringBuilder out = new StringBuilder();
    appendLineage(out, "", true);
    return out.toString();
  }

  private void appendLineage(StringBuilder out, String indent, boolean first) {
    out.append(indent).append(first ? "" : "+-").append('(').append(getNumPartitions()).append(") ")
        .append(this).append('\n');
    for (Dependency<?> dep : dependencies()) {
      boolean shuffle = dep instanceof ShuffleDependency;
      dep.rdd().appendLineage(out, indent + (shuffle ? "  " : " |"), !shuffle);
    }
  }
}
