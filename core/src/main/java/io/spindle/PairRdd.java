package io.spindle;

import io.spindle.function.TaskContext;
import io.spindle.function.BoundedDouble;
import io.spindle.function.PartialResult;
import io.spindle.serializer.ZeroValue;
import io.spindle.function.StorageLevel;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Partitioner;
import io.spindle.function.Triple;
import io.spindle.function.Pair;
import io.spindle.function.FlatMapFunction;
import io.spindle.function.Function;
import io.spindle.function.Function2;
import io.spindle.shuffle.spill.Aggregator;
import io.spindle.rdd.CoGroupedRdd;
import io.spindle.rdd.DistinctCountSketch;
import io.spindle.rdd.ExactStratifiedSampling;
import io.spindle.rdd.JoinProducts;
import io.spindle.rdd.KeyOrderings;
import io.spindle.rdd.RangePartitioner;
import io.spindle.rdd.MapPartitionsRdd;
import io.spindle.rdd.RddNode;
import io.spindle.rdd.ShuffledRdd;
import io.spindle.rdd.StratifiedSampling;
import io.spindle.shuffle.spill.ExternalCombiner;
import io.spindle.shuffle.spill.ValueLists;
import io.spindle.util.Iterators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;

/**
 * An RDD of key-value {@link Pair}s, with the operations that work per key: reduceByKey,
 * groupByKey, aggregateByKey, combineByKey, foldByKey, partitionBy, mapValues, cogroup, the joins,
 * subtractByKey, sortByKey, lookup, …
 *
 * <p>Per-key aggregations combine on the map side before the shuffle (except groupByKey, which
 * would gain nothing), and skip the shuffle entirely when the input is already partitioned the
 * same way.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public class PairRdd<K, V> extends Rdd<Pair<K, V>> {
  private static final long serialVersionUID = 1L;

  private PairRdd(RddNode<Pair<K, V>> node) {
    super(node);
  }

  /** Views an RDD of pairs as a PairRdd (the same lineage node: no new RDD). */
  public static <K, V> PairRdd<K, V> of(Rdd<Pair<K, V>> rdd) {
    return rdd instanceof PairRdd<K, V> p ? p : new PairRdd<>(rdd.node);
  }

  /** The pair facade of a lineage node. */
  static <K, V> PairRdd<K, V> pairs(RddNode<Pair<K, V>> node) {
    return new PairRdd<>(node);
  }

  // Persistence returns the PairRdd itself, so pair operations stay available after cache().
  @Override
  public PairRdd<K, V> cache() {
    super.cache();
    return this;
  }

  @Override
  public PairRdd<K, V> persist(StorageLevel level) {
    super.persist(level);
    return this;
  }

  @Override
  public PairRdd<K, V> unpersist() {
    super.unpersist();
    return this;
  }

  // ---------------------------------------------------------------- partitioning

  /** Partitions of a shuffle when none is given (Spark's rule): the configured default parallelism, else the largest parent's. */
  static int defaultPartitionCount(Rdd<?> rdd) {
    Integer configured = rdd.node.context().configuredParallelism();
    return configured != null ? configured : rdd.getNumPartitions();
  }

  private Partitioner defaultPartitioner() {
    Partitioner existing = partitioner();
    return existing != null ? existing : new HashPartitioner(Math.max(1, defaultPartitionCount(this)));
  }

  /** Places the pairs by {@code partitioner} (one shuffle, unless already placed that way). */
  public PairRdd<K, V> partitionBy(Partitioner partitioner) {
    if (partitioner.equals(partitioner())) {
      return this;
    }
    return pairs(new ShuffledRdd<K, V, V>(node, partitioner, null, false));
  }

  // ---------------------------------------------------------------- per-key aggregation

  /**
   * The general per-key aggregation: the first value of a key becomes a combiner
   * ({@code createCombiner}), later values merge into it ({@code mergeValue}), and combiners from
   * different partitions merge ({@code mergeCombiners}).
   */
  public <C> PairRdd<K, C> combineByKey(Function<V, C> createCombiner, Function2<C, V, C> mergeValue,
      Function2<C, C, C> mergeCombiners, Partitioner partitioner, boolean mapSideCombine) {
    Aggregator<K, V, C> agg = new Aggregator<>(createCombiner, mergeValue, mergeCombiners);
    if (partitioner.equals(partitioner())) {
      // Already placed by key: combine within each partition, no shuffle.
      return pairs(new MapPartitionsRdd<Pair<K, V>, Pair<K, C>>(node, (tc, i, it) -> {
        ExternalCombiner<K, V, C> map = ExternalCombiner.forTask(tc, agg); // spills under memory pressure
        while (it.hasNext()) {
          Pair<K, V> p = it.next();
          map.insertValue(p.key(), p.value());
        }
        return map.iterator();
      }, true));
    }
    return pairs(new ShuffledRdd<>(node, partitioner, agg, mapSideCombine));
  }

  public <C> PairRdd<K, C> combineByKey(Function<V, C> createCombiner, Function2<C, V, C> mergeValue,
      Function2<C, C, C> mergeCombiners, int numPartitions) {
    return combineByKey(createCombiner, mergeValue, mergeCombiners, new HashPartitioner(numPartitions), true);
  }

  public <C> PairRdd<K, C> combineByKey(Function<V, C> createCombiner, Function2<C, V, C> mergeValue,
      Function2<C, C, C> mergeCombiners) {
    return combineByKey(createCombiner, mergeValue, mergeCombiners, defaultPartitioner(), true);
  }

  /** Merges the values of each key with an associative, commutative {@code f}. */
  public PairRdd<K, V> reduceByKey(Function2<V, V, V> f, Partitioner partitioner) {
    return combineByKey(v -> v, f, f, partitioner, true);
  }

  public PairRdd<K, V> reduceByKey(Function2<V, V, V> f, int numPartitions) {
    return reduceByKey(f, new HashPartitioner(numPartitions));
  }

  public PairRdd<K, V> reduceByKey(Function2<V, V, V> f) {
    return reduceByKey(f, defaultPartitioner());
  }

  /** Like {@link #reduceByKey} but starting each key from a copy of {@code zero}. */
  public PairRdd<K, V> foldByKey(V zero, Partitioner partitioner, Function2<V, V, V> f) {
    ZeroValue<V> zeroValue = ZeroValue.of(zero);
    return combineByKey(v -> f.call(zeroValue.fresh(), v), f, f, partitioner, true);
  }

  public PairRdd<K, V> foldByKey(V zero, int numPartitions, Function2<V, V, V> f) {
    return foldByKey(zero, new HashPartitioner(numPartitions), f);
  }

  public PairRdd<K, V> foldByKey(V zero, Function2<V, V, V> f) {
    return foldByKey(zero, defaultPartitioner(), f);
  }

  /**
   * Aggregates the values of each key into a {@code U}: from a copy of {@code zero}, {@code seqOp}
   * adds values within a partition and {@code combOp} merges results across partitions.
   */
  public <U> PairRdd<K, U> aggregateByKey(U zero, Partitioner partitioner, Function2<U, V, U> seqOp,
      Function2<U, U, U> combOp) {
    ZeroValue<U> zeroValue = ZeroValue.of(zero);
    return combineByKey(v -> seqOp.call(zeroValue.fresh(), v), seqOp, combOp, partitioner, true);
  }

  public <U> PairRdd<K, U> aggregateByKey(U zero, int numPartitions, Function2<U, V, U> seqOp,
      Function2<U, U, U> combOp) {
    return aggregateByKey(zero, new HashPartitioner(numPartitions), seqOp, combOp);
  }

  public <U> PairRdd<K, U> aggregateByKey(U zero, Function2<U, V, U> seqOp, Function2<U, U, U> combOp) {
    return aggregateByKey(zero, defaultPartitioner(), seqOp, combOp);
  }

  /**
   * The approximate number of distinct values of each key (Spark's {@code countApproxDistinctByKey}):
   * one HyperLogLog sketch per key, built with {@link #combineByKey} — on the map side, then merged
   * after the shuffle (none if this RDD is already partitioned by {@code partitioner}). The sketches
   * travel in their compact byte form. {@code relativeSD}, the hashing of values and how the estimates
   * differ from Spark's are as in {@link Rdd#countApproxDistinct(double)}; a value outside Spark's
   * range ({@code relativeSD > 0.000017}) throws {@link IllegalArgumentException} here, before any job.
   * A key's sketch is a short list of hashes while it has few distinct values, about {@code 2^lgK}
   * bytes once they are a sizeable fraction of {@code 2^lgK}.
   */
  public PairRdd<K, Long> countApproxDistinctByKey(double relativeSD, Partitioner partitioner) {
    int lgK = DistinctCountSketch.lgConfigK("countApproxDistinctByKey", relativeSD);
    // Values become what the sketch hashes (other types: their Kryo bytes) with one Kryo per task.
    PairRdd<K, Object> hashable = pairs(new MapPartitionsRdd<Pair<K, V>, Pair<K, Object>>(node, (tc, i, it) -> {
      DistinctCountSketch.Hasher hasher = new DistinctCountSketch.Hasher(tc.env());
      tc.addTaskCompletionListener(hasher::close);
      return Iterators.map(it, p -> new Pair<>(p.key(), hasher.canonical(p.value())));
    }, true));
    return hashable.combineByKey(v -> new DistinctCountSketch(lgK).addCanonical(v), DistinctCountSketch::addCanonical,
        DistinctCountSketch::merge, partitioner, true).mapValues(DistinctCountSketch::estimate);
  }

  public PairRdd<K, Long> countApproxDistinctByKey(double relativeSD, int numPartitions) {
    return countApproxDistinctByKey(relativeSD, new HashPartitioner(numPartitions));
  }

  /** With the default partitioner (this RDD's, else a hash partitioner of the default parallelism). */
  public PairRdd<K, Long> countApproxDistinctByKey(double relativeSD) {
    return countApproxDistinctByKey(relativeSD, defaultPartitioner());
  }

  /**
   * All values of each key together. Values are not combined on the map side (a list is no
   * smaller than its elements); prefer reduceByKey or aggregateByKey when you only need a summary.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public PairRdd<K, Iterable<V>> groupByKey(Partitioner partitioner) {
    // ValueLists: recognised by the reduce side, which then sizes each list once (HashSortGrouper).
    Aggregator<K, V, ArrayList<V>> lists = ValueLists.aggregator();
    PairRdd<K, ArrayList<V>> grouped = combineByKey(lists.createCombiner(), lists.mergeValue(),
        lists.mergeCombiners(), partitioner, false);
    return (PairRdd) grouped;
  }

  public PairRdd<K, Iterable<V>> groupByKey(int numPartitions) {
    return groupByKey(new HashPartitioner(numPartitions));
  }

  public PairRdd<K, Iterable<V>> groupByKey() {
    return groupByKey(defaultPartitioner());
  }

  // ---------------------------------------------------------------- per-value transformations

  /** Transforms each value, keeping keys and partitioning. */
  public <U> PairRdd<K, U> mapValues(Function<V, U> f) {
    return pairs(new MapPartitionsRdd<Pair<K, V>, Pair<K, U>>(node,
        (tc, i, it) -> Iterators.map(it, p -> new Pair<>(p.key(), f.call(p.value()))), true));
  }

  /** Replaces each value by zero or more values, each paired with the same key. */
  public <U> PairRdd<K, U> flatMapValues(FlatMapFunction<V, U> f) {
    return pairs(new MapPartitionsRdd<Pair<K, V>, Pair<K, U>>(node,
        (tc, i, it) -> Iterators.flatMap(it, p -> Iterators.map(f.call(p.value()), u -> new Pair<>(p.key(), u))),
        true));
  }

  public Rdd<K> keys() {
    return map(Pair::key);
  }

  public Rdd<V> values() {
    return map(Pair::value);
  }

  // ---------------------------------------------------------------- same operations, pair-typed results

  @Override
  public PairRdd<K, V> filter(Function<Pair<K, V>, Boolean> f) {
    return of(super.filter(f));
  }

  public PairRdd<K, V> union(PairRdd<K, V> other) {
    return of(super.union(other));
  }

  @Override
  public PairRdd<K, V> distinct() {
    return of(super.distinct());
  }

  @Override
  public PairRdd<K, V> distinct(int numPartitions) {
    return of(super.distinct(numPartitions));
  }

  @Override
  public PairRdd<K, V> repartition(int numPartitions) {
    return of(super.repartition(numPartitions));
  }

  @Override
  public PairRdd<K, V> coalesce(int numPartitions) {
    return of(super.coalesce(numPartitions));
  }

  @Override
  public PairRdd<K, V> coalesce(int numPartitions, boolean shuffle) {
    return of(super.coalesce(numPartitions, shuffle));
  }

  // ---------------------------------------------------------------- actions

  /** How many pairs each key has. */
  public Map<K, Long> countByKey() {
    return mapValues(v -> 1L).reduceByKey(Long::sum).collectAsMap();
  }

  /**
   * How many pairs each key has, or an estimate per key within {@code timeoutMillis} (Spark's
   * {@code countByKeyApprox}): {@code keys().countByValueApprox(timeoutMillis, confidence)} — one job,
   * no shuffle; see {@link Rdd#countApprox(long, double)} for the bounds and the final value.
   */
  public PartialResult<Map<K, BoundedDouble>> countByKeyApprox(long timeoutMillis, double confidence) {
    return keys().countByValueApprox(timeoutMillis, confidence);
  }

  /** {@link #countByKeyApprox(long, double)} with confidence 0.95. */
  public PartialResult<Map<K, BoundedDouble>> countByKeyApprox(long timeoutMillis) {
    return countByKeyApprox(timeoutMillis, DEFAULT_CONFIDENCE);
  }

  /** The pairs as a map; for a key with several values, one of them wins. */
  public Map<K, V> collectAsMap() {
    Map<K, V> map = new HashMap<>();
    for (Pair<K, V> p : collect()) {
      map.put(p.key(), p.value());
    }
    return map;
  }

  // ---------------------------------------------------------------- cogroup and joins

  /**
   * Spark's default partitioner for an operation over several RDDs: the partitioner of the input
   * with the most partitions among those that have one, unless it has fewer than a tenth of the
   * largest input's partitions (and fewer than the default count); otherwise a HashPartitioner
   * with {@code spindle.default.parallelism} partitions if set, else the largest input's count.
   */
  static Partitioner defaultPartitionerFor(Rdd<?> first, Rdd<?>... others) {
    List<Rdd<?>> rdds = new ArrayList<>();
    rdds.add(first);
    rdds.addAll(Arrays.asList(others));
    Rdd<?> partitioned = null;
    int maxPartitions = 0;
    for (Rdd<?> r : rdds) {
      maxPartitions = Math.max(maxPartitions, r.getNumPartitions());
      Partitioner p = r.partitioner();
      if (p != null && p.numPartitions() > 0
          && (partitioned == null || r.getNumPartitions() > partitioned.getNumPartitions())) {
        partitioned = r;
      }
    }
    Integer configured = first.node.context().configuredParallelism();
    int defaultCount = Math.max(1, configured != null ? configured : maxPartitions);
    if (partitioned != null) {
      int n = partitioned.getNumPartitions();
      boolean eligible = Math.log10(maxPartitions) - Math.log10(n) < 1;
      if (eligible || defaultCount <= n) {
        return partitioned.partitioner();
      }
    }
    return new HashPartitioner(defaultCount);
  }

  /** Per key, the values of this RDD and of {@code other}, grouped by {@code partitioner}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <W> PairRdd<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairRdd<K, W> other, Partitioner partitioner) {
    return cogrouped(partitioner, this, other)
        .mapValues(sides -> new Pair<>((Iterable<V>) (Iterable) sides.get(0), (Iterable<W>) (Iterable) sides.get(1)));
  }

  public <W> PairRdd<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairRdd<K, W> other, int numPartitions) {
    return cogroup(other, new HashPartitioner(numPartitions));
  }

  public <W> PairRdd<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairRdd<K, W> other) {
    return cogroup(other, defaultPartitionerFor(this, other));
  }

  /** Per key, the values of this RDD, of {@code other1} and of {@code other2}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <W1, W2> PairRdd<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> cogroup(PairRdd<K, W1> other1,
      PairRdd<K, W2> other2, Partitioner partitioner) {
    return cogrouped(partitioner, this, other1, other2)
        .mapValues(sides -> new Triple<>((Iterable<V>) (Iterable) sides.get(0),
            (Iterable<W1>) (Iterable) sides.get(1), (Iterable<W2>) (Iterable) sides.get(2)));
  }

  public <W1, W2> PairRdd<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> cogroup(PairRdd<K, W1> other1,
      PairRdd<K, W2> other2, int numPartitions) {
    return cogroup(other1, other2, new HashPartitioner(numPartitions));
  }

  public <W1, W2> PairRdd<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> cogroup(PairRdd<K, W1> other1,
      PairRdd<K, W2> other2) {
    return cogroup(other1, other2, defaultPartitionerFor(this, other1, other2));
  }

  @SafeVarargs
  private static <K> PairRdd<K, List<List<Object>>> cogrouped(Partitioner partitioner,
      Rdd<? extends Pair<K, ?>>... inputs) {
    List<RddNode<? extends Pair<K, ?>>> nodes = new ArrayList<>();
    for (Rdd<? extends Pair<K, ?>> input : inputs) {
      nodes.add(input.node);
    }
    return pairs(new CoGroupedRdd<K>(nodes, partitioner));
  }

  /** Every pair of values (v, w) that share a key, one output record each (inner join). */
  @SuppressWarnings("unchecked")
  public <W> PairRdd<K, Pair<V, W>> join(PairRdd<K, W> other, Partitioner partitioner) {
    return cogrouped(partitioner, this, other)
        .flatMapValues(sides -> JoinProducts.inner((List<V>) sides.get(0), (List<W>) sides.get(1)));
  }

  public <W> PairRdd<K, Pair<V, W>> join(PairRdd<K, W> other, int numPartitions) {
    return join(other, new HashPartitioner(numPartitions));
  }

  public <W> PairRdd<K, Pair<V, W>> join(PairRdd<K, W> other) {
    return join(other, defaultPartitionerFor(this, other));
  }

  /** Like {@link #join}, plus (v, empty) for each value of a key that {@code other} lacks. */
  @SuppressWarnings("unchecked")
  public <W> PairRdd<K, Pair<V, Optional<W>>> leftOuterJoin(PairRdd<K, W> other, Partitioner partitioner) {
    return cogrouped(partitioner, this, other)
        .flatMapValues(sides -> JoinProducts.leftOuter((List<V>) sides.get(0), (List<W>) sides.get(1)));
  }

  public <W> PairRdd<K, Pair<V, Optional<W>>> leftOuterJoin(PairRdd<K, W> other, int numPartitions) {
    return leftOuterJoin(other, new HashPartitioner(numPartitions));
  }

  public <W> PairRdd<K, Pair<V, Optional<W>>> leftOuterJoin(PairRdd<K, W> other) {
    return leftOuterJoin(other, defaultPartitionerFor(this, other));
  }

  /** Like {@link #join}, plus (empty, w) for each value of a key that this RDD lacks. */
  @SuppressWarnings("unchecked")
  public <W> PairRdd<K, Pair<Optional<V>, W>> rightOuterJoin(PairRdd<K, W> other, Partitioner partitioner) {
    return cogrouped(partitioner, this, other)
        .flatMapValues(sides -> JoinProducts.rightOuter((List<V>) sides.get(0), (List<W>) sides.get(1)));
  }

  public <W> PairRdd<K, Pair<Optional<V>, W>> rightOuterJoin(PairRdd<K, W> other, int numPartitions) {
    return rightOuterJoin(other, new HashPartitioner(numPartitions));
  }

  public <W> PairRdd<K, Pair<Optional<V>, W>> rightOuterJoin(PairRdd<K, W> other) {
    return rightOuterJoin(other, defaultPartitionerFor(this, other));
  }

  /** Like {@link #join}, plus the keys found on one side only, with empty for the other side. */
  @SuppressWarnings("unchecked")
  public <W> PairRdd<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairRdd<K, W> other,
      Partitioner partitioner) {
    return cogrouped(partitioner, this, other)
        .flatMapValues(sides -> JoinProducts.fullOuter((List<V>) sides.get(0), (List<W>) sides.get(1)));
  }

  public <W> PairRdd<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairRdd<K, W> other, int numPartitions) {
    return fullOuterJoin(other, new HashPartitioner(numPartitions));
  }

  public <W> PairRdd<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairRdd<K, W> other) {
    return fullOuterJoin(other, defaultPartitionerFor(this, other));
  }

  /** The pairs whose key does not occur in {@code other} (all of their values kept). */
  @SuppressWarnings("unchecked")
  public <W> PairRdd<K, V> subtractByKey(PairRdd<K, W> other, Partitioner partitioner) {
    return cogrouped(partitioner, this, other)
        .flatMapValues(sides -> sides.get(1).isEmpty()
            ? ((List<V>) sides.get(0)).iterator()
            : java.util.Collections.<V>emptyIterator());
  }

  public <W> PairRdd<K, V> subtractByKey(PairRdd<K, W> other, int numPartitions) {
    return subtractByKey(other, new HashPartitioner(numPartitions));
  }

  /** As in Spark: by this RDD's partitioner if it has one, else a HashPartitioner over its partition count. */
  public <W> PairRdd<K, V> subtractByKey(PairRdd<K, W> other) {
    Partitioner own = partitioner();
    return subtractByKey(other, own != null ? own : new HashPartitioner(Math.max(1, getNumPartitions())));
  }

  // ---------------------------------------------------------------- sorting by key

  /** Sorts by the keys' natural order (they must be Comparable), ascending, into as many partitions as now. */
  public PairRdd<K, V> sortByKey() {
    return sortByKey(true);
  }

  public PairRdd<K, V> sortByKey(boolean ascending) {
    return sortByKey(ascending, Math.max(1, getNumPartitions()));
  }

  public PairRdd<K, V> sortByKey(boolean ascending, int numPartitions) {
    return sortByKey(KeyOrderings.natural(), ascending, numPartitions);
  }

  public PairRdd<K, V> sortByKey(Comparator<K> comparator) {
    return sortByKey(comparator, true);
  }

  public PairRdd<K, V> sortByKey(Comparator<K> comparator, boolean ascending) {
    return sortByKey(comparator, ascending, Math.max(1, getNumPartitions()));
  }

  /**
   * Sorts by key: partition 0 holds the smallest keys (the largest when descending), each
   * partition is sorted, so {@code collect()} is globally sorted. Runs a sampling job now to choose
   * balanced key ranges ({@link RangePartitioner}); there may be fewer partitions than asked when
   * there are few distinct keys. {@code comparator} must be Serializable.
   */
  public PairRdd<K, V> sortByKey(Comparator<K> comparator, boolean ascending, int numPartitions) {
    KeyOrderings.requireSerializable(comparator, "sortByKey");
    RangePartitioner<K> ranges = RangePartitioner.fromSample(numPartitions, node, comparator, ascending);
    Comparator<K> order = ascending ? comparator : KeyOrderings.reverse(comparator);
    return pairs(new ShuffledRdd<K, V, V>(node, ranges, null, false, order));
  }

  // ---------------------------------------------------------------- more pair-typed results

  @Override
  public PairRdd<K, V> subtract(Rdd<Pair<K, V>> other) {
    return of(super.subtract(other));
  }

  @Override
  public PairRdd<K, V> subtract(Rdd<Pair<K, V>> other, int numPartitions) {
    return of(super.subtract(other, numPartitions));
  }

  @Override
  public PairRdd<K, V> subtract(Rdd<Pair<K, V>> other, Partitioner partitioner) {
    return of(super.subtract(other, partitioner));
  }

  @Override
  public PairRdd<K, V> intersection(Rdd<Pair<K, V>> other) {
    return of(super.intersection(other));
  }

  @Override
  public PairRdd<K, V> intersection(Rdd<Pair<K, V>> other, int numPartitions) {
    return of(super.intersection(other, numPartitions));
  }

  @Override
  public PairRdd<K, V> intersection(Rdd<Pair<K, V>> other, Partitioner partitioner) {
    return of(super.intersection(other, partitioner));
  }

  @Override
  public PairRdd<K, V> sample(boolean withReplacement, double fraction) {
    return of(super.sample(withReplacement, fraction));
  }

  @Override
  public PairRdd<K, V> sample(boolean withReplacement, double fraction, long seed) {
    return of(super.sample(withReplacement, fraction, seed));
  }

  // ---------------------------------------------------------------- lookup

  /**
   * The values of {@code key}. With a known partitioner only the key's partition is computed;
   * otherwise every partition is scanned. {@code key} must be Serializable.
   */
  public List<V> lookup(K key) {
    Partitioner known = partitioner();
    if (known == null) {
      return filter(p -> Objects.equals(p.key(), key)).values().collect();
    }
    int partition = known.getPartition(key);
    List<ArrayList<V>> found = context().runJob(this, (tc, it) -> {
      ArrayList<V> values = new ArrayList<>();
      while (it.hasNext()) {
        Pair<K, V> p = it.next();
        if (Objects.equals(p.key(), key)) {
          values.add(p.value());
        }
      }
      return values;
    }, new int[] {partition});
    return found.get(0);
  }

  // ---------------------------------------------------------------- more of Spark's pair operators (docs/api.md)

  /**
   * Places the pairs by {@code partitioner} and sorts each partition by key (natural order) in the
   * same shuffle — Spark's secondary-sort building block: cheaper than repartition then sort.
   */
  public PairRdd<K, V> repartitionAndSortWithinPartitions(Partitioner partitioner) {
    return repartitionAndSortWithinPartitions(partitioner, KeyOrderings.natural());
  }

  /** As {@link #repartitionAndSortWithinPartitions(Partitioner)}, ordered by {@code comparator} (Serializable). */
  public PairRdd<K, V> repartitionAndSortWithinPartitions(Partitioner partitioner, Comparator<K> comparator) {
    KeyOrderings.requireSerializable(comparator, "repartitionAndSortWithinPartitions");
    return pairs(new ShuffledRdd<K, V, V>(node, partitioner, null, false, comparator));
  }

  /** Spark's alias of {@link #cogroup(PairRdd)}. */
  public <W> PairRdd<K, Pair<Iterable<V>, Iterable<W>>> groupWith(PairRdd<K, W> other) {
    return cogroup(other);
  }

  /** Spark's alias of {@link #cogroup(PairRdd, PairRdd)}. */
  public <W1, W2> PairRdd<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> groupWith(PairRdd<K, W1> other1,
      PairRdd<K, W2> other2) {
    return cogroup(other1, other2);
  }

  /** {@link #sampleByKey(boolean, Map, long)} with a random seed. */
  public PairRdd<K, V> sampleByKey(boolean withReplacement, Map<K, Double> fractions) {
    return sampleByKey(withReplacement, fractions, new java.util.Random().nextLong());
  }

  /**
   * A stratified sample: each pair kept with its key's probability in {@code fractions} (without
   * replacement), or repeated a Poisson(fraction) number of times (with). One pass, no shuffle; the
   * sizes per key are not exact. Every key of the RDD must be in {@code fractions}.
   */
  public PairRdd<K, V> sampleByKey(boolean withReplacement, Map<K, Double> fractions, long seed) {
    StratifiedSampling<K> sampling = new StratifiedSampling<>(withReplacement, fractions, seed);
    return pairs(new MapPartitionsRdd<Pair<K, V>, Pair<K, V>>(node, (tc, i, it) -> sampling.sample(i, it), true));
  }

  /** {@link #sampleByKeyExact(boolean, Map, long)} with a random seed. */
  public PairRdd<K, V> sampleByKeyExact(boolean withReplacement, Map<K, Double> fractions) {
    return sampleByKeyExact(withReplacement, fractions, new java.util.Random().nextLong());
  }

  /**
   * A stratified sample of exact sizes (Spark's {@code sampleByKeyExact}): for every key with
   * {@code n} pairs, exactly {@code ceil(n * fractions.get(key))} of them, drawn uniformly without
   * replacement (fraction in [0, 1]) or with replacement (fraction &gt;= 0; a pair may appear several
   * times). Every key of the RDD must be in {@code fractions}. Unlike {@link #sampleByKey}, this
   * runs jobs now, to count the keys and find each key's threshold (two jobs, rarely more; see
   * {@link ExactStratifiedSampling}); persist the RDD first if computing it is dear. The sample is
   * the same for the same seed and partitioning, also when partitions are recomputed.
   */
  public PairRdd<K, V> sampleByKeyExact(boolean withReplacement, Map<K, Double> fractions, long seed) {
    ExactStratifiedSampling<K> sampling = ExactStratifiedSampling.prepare(node, withReplacement, fractions, seed);
    return pairs(new MapPartitionsRdd<Pair<K, V>, Pair<K, V>>(node, (tc, i, it) -> sampling.sample(i, it), true));
  }

  /**
   * Merges the values of each key with {@code f} and returns the result to the driver as a map,
   * without a shuffle: each task reduces its partition into a map, the driver merges the maps.
   */
  public Map<K, V> reduceByKeyLocally(Function2<V, V, V> f) {
    List<HashMap<K, V>> partials = context().runJob(this, (tc, it) -> {
      HashMap<K, V> map = new HashMap<>();
      while (it.hasNext()) {
        Pair<K, V> p = it.next();
        V old = map.get(p.key());
        map.put(p.key(), old == null && !map.containsKey(p.key()) ? p.value() : f.call(old, p.value()));
      }
      return map;
    });
    HashMap<K, V> merged = new HashMap<>();
    for (HashMap<K, V> partial : partials) {
      for (Map.Entry<K, V> e : partial.entrySet()) {
        if (merged.containsKey(e.getKey())) {
          merged.put(e.getKey(), call2(f, merged.get(e.getKey()), e.getValue()));
        } else {
          merged.put(e.getKey(), e.getValue());
        }
      }
    }
    return merged;
  }

  private static <A, B, R> R call2(Function2<A, B, R> f, A a, B b) {
    try {
      return f.call(a, b);
    } catch (Exception e) {
      throw io.spindle.util.Exceptions.sneakyThrow(e);
    }
  }

  // ---------------------------------------------------------------- Hadoop outputs (docs/api.md)

  /**
   * Writes the pairs with any new-API ({@code org.apache.hadoop.mapreduce}) OutputFormat into
   * {@code path}, committed through the format's own OutputCommitter, all or nothing: an existing
   * {@code path} is refused before any task runs; a failed job leaves no output. {@code conf}
   * carries the format's settings (e.g. compression), a copy is taken.
   */
  @SuppressWarnings("rawtypes")
  public void saveAsNewAPIHadoopFile(String path, Class<?> keyClass, Class<?> valueClass,
      Class<? extends org.apache.hadoop.mapreduce.OutputFormat> outputFormatClass,
      org.apache.hadoop.conf.Configuration conf) {
    try {
      org.apache.hadoop.mapreduce.Job job = org.apache.hadoop.mapreduce.Job.getInstance(
          new org.apache.hadoop.conf.Configuration(conf));
      job.setOutputKeyClass(keyClass);
      job.setOutputValueClass(valueClass);
      job.setOutputFormatClass(outputFormatClass);
      org.apache.hadoop.mapreduce.lib.output.FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(path));
      saveAsNewAPIHadoopDataset(job.getConfiguration());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("rawtypes")
  public void saveAsNewAPIHadoopFile(String path, Class<?> keyClass, Class<?> valueClass,
      Class<? extends org.apache.hadoop.mapreduce.OutputFormat> outputFormatClass) {
    saveAsNewAPIHadoopFile(path, keyClass, valueClass, outputFormatClass, context().hadoopConf());
  }

  /**
   * Writes the pairs with any old-API ({@code org.apache.hadoop.mapred}) OutputFormat into
   * {@code path} ({@code part-00000}, …), committed through the JobConf's OutputCommitter, all or
   * nothing, as {@link #saveAsNewAPIHadoopFile} does; {@code codec}, if not null, compresses the output.
   */
  @SuppressWarnings("rawtypes")
  public void saveAsHadoopFile(String path, Class<?> keyClass, Class<?> valueClass,
      Class<? extends org.apache.hadoop.mapred.OutputFormat> outputFormatClass,
      Class<? extends org.apache.hadoop.io.compress.CompressionCodec> codec) {
    org.apache.hadoop.mapred.JobConf conf = new org.apache.hadoop.mapred.JobConf(context().hadoopConf());
    conf.setOutputKeyClass(keyClass);
    conf.setOutputValueClass(valueClass);
    conf.setOutputFormat(outputFormatClass);
    org.apache.hadoop.mapred.FileOutputFormat.setOutputPath(conf, new org.apache.hadoop.fs.Path(path));
    if (codec != null) {
      org.apache.hadoop.mapred.FileOutputFormat.setCompressOutput(conf, true);
      org.apache.hadoop.mapred.FileOutputFormat.setOutputCompressorClass(conf, codec);
      conf.set("mapreduce.output.fileoutputformat.compress.type", "BLOCK");
    }
    saveAsHadoopDataset(conf);
  }

  @SuppressWarnings("rawtypes")
  public void saveAsHadoopFile(String path, Class<?> keyClass, Class<?> valueClass,
      Class<? extends org.apache.hadoop.mapred.OutputFormat> outputFormatClass) {
    saveAsHadoopFile(path, keyClass, valueClass, outputFormatClass, null);
  }

  /** Writes the pairs with the OutputFormat, key/value classes and destination {@code conf} names (old API). */
  public void saveAsHadoopDataset(org.apache.hadoop.mapred.JobConf conf) {
    io.spindle.hadoop.OldHadoopOutput.save(node, conf);
  }

  /** Writes the pairs with the OutputFormat, key/value classes and destination that {@code conf} names. */
  public void saveAsNewAPIHadoopDataset(org.apache.hadoop.conf.Configuration conf) {
    io.spindle.hadoop.NewHadoopOutput.save(node, conf);
  }

  /**
   * Writes Writable keys and values as a Hadoop SequenceFile per partition (new-API
   * SequenceFileOutputFormat: {@code part-r-00000}, …), block-compressed by {@code codec} if not
   * null; Hadoop's {@code SequenceFile.Reader} and {@link SpindleContext#sequenceFile} read it.
   */
  public void saveAsSequenceFile(String path, Class<?> keyClass, Class<?> valueClass,
      Class<? extends org.apache.hadoop.io.compress.CompressionCodec> codec) {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(context().hadoopConf());
    if (codec != null) {
      conf.setBoolean("mapreduce.output.fileoutputformat.compress", true);
      conf.setClass("mapreduce.output.fileoutputformat.compress.codec", codec,
          org.apache.hadoop.io.compress.CompressionCodec.class);
      conf.set("mapreduce.output.fileoutputformat.compress.type", "BLOCK");
    }
    saveAsNewAPIHadoopFile(path, keyClass, valueClass,
        org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat.class, conf);
  }

  public void saveAsSequenceFile(String path, Class<?> keyClass, Class<?> valueClass) {
    saveAsSequenceFile(path, keyClass, valueClass, null);
  }
}
