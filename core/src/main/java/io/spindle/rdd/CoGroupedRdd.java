package io.spindle.rdd;

import io.spindle.env.ExecutorEnv;
import io.spindle.task.EngineTaskContext;
import io.spindle.function.Pair;
import io.spindle.function.Partitioner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Groups several pair RDDs by key: partition r holds, for every key the partitioner sends to r,
 * the values of that key in each input, one list per input (the base of cogroup, the joins,
 * subtractByKey and intersection).
 *
 * <p>An input already partitioned by the target partitioner is read through a one-to-one
 * dependency (no shuffle for that side); every other input gets a shuffle of its own. Shuffle
 * dependencies need the driver's context, so they are made here, on the driver, and kept
 * transient: a task carries only the shuffle ids and the narrow parents' lineage.
 */
public final class CoGroupedRdd<K> extends RddNode<Pair<K, List<List<Object>>>> {
  private static final long serialVersionUID = 1L;

  private final transient List<Dependency<?>> deps;
  private final Partitioner partitioner;
  /** Per input: the parent, when read narrowly; null when it is shuffled. */
  private final RddNode<Pair<K, Object>>[] narrowParents;
  /** Per input: the shuffle id, when shuffled; -1 when read narrowly. */
  private final int[] shuffleIds;

  /** Per input the parent partition that a cogroup partition reads narrowly (null where shuffled). */
  private record CoGroupPartition(int index, Partition[] narrowParentPartitions) implements Partition {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public CoGroupedRdd(List<? extends RddNode<? extends Pair<K, ?>>> parents, Partitioner partitioner) {
    super(parents.get(0).context());
    this.partitioner = partitioner;
    int n = parents.size();
    this.narrowParents = new RddNode[n];
    this.shuffleIds = new int[n];
    List<Dependency<?>> dependencies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RddNode<Pair<K, Object>> parent = (RddNode<Pair<K, Object>>) (RddNode) parents.get(i);
      if (partitioner.equals(parent.partitioner())) {
        narrowParents[i] = parent;
        shuffleIds[i] = -1;
        dependencies.add(new OneToOneDependency<>(parent));
      } else {
        ShuffleDependency<K, Object, Object> shuffle = new ShuffleDependency<>(parent, partitioner, null, false);
        shuffleIds[i] = shuffle.shuffleId();
        dependencies.add(shuffle);
      }
    }
    this.deps = List.copyOf(dependencies);
  }

  @Override
  protected Partition[] computePartitions() {
    Partition[] out = new Partition[partitioner.numPartitions()];
    for (int r = 0; r < out.length; r++) {
      Partition[] narrow = new Partition[narrowParents.length];
      for (int i = 0; i < narrow.length; i++) {
        if (narrowParents[i] != null) {
          narrow[i] = narrowParents[i].partitions()[r];
        }
      }
      out[r] = new CoGroupPartition(r, narrow);
    }
    return out;
  }

  @Override
  protected List<Dependency<?>> computeDependencies() {
    return deps;
  }

  @Override
  public Partitioner partitioner() {
    return partitioner;
  }

  @Override
  public Iterator<Pair<K, List<List<Object>>>> compute(Partition split, EngineTaskContext context) {
    CoGroupPartition p = (CoGroupPartition) split;
    CoGroupMap<K> groups = new CoGroupMap<>(shuffleIds.length);
    for (int side = 0; side < shuffleIds.length; side++) {
      Iterator<Pair<K, Object>> records = narrowParents[side] != null
          ? narrowParents[side].iterator(p.narrowParentPartitions()[side], context)
          : ExecutorEnv.of(context).shuffleReader().<K, Object, Object>read(context, shuffleIds[side], p.index(), null, false);
      while (records.hasNext()) {
        Pair<K, Object> record = records.next();
        groups.insert(side, record.key(), record.value());
      }
    }
    return groups.iterator();
  }
}
