package io.spindle;

import io.spindle.function.TaskContext;
import io.spindle.serializer.ZeroValue;
import io.spindle.function.StorageLevel;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Partitioner;
import io.spindle.function.Pair;
import io.spindle.function.FlatMapFunction;
import io.spindle.function.Function;
import io.spindle.function.Function2;
import io.spindle.function.PairFlatMapFunction;
import io.spindle.function.PairFunction;
import io.spindle.function.VoidFunction;
import io.spindle.rdd.TextFileOutput;
import io.spindle.rdd.BoundedPriorityQueue;
import io.spindle.rdd.CartesianRdd;
import io.spindle.rdd.CoGroupedRdd;
import io.spindle.rdd.CoalescedRdd;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.DistinctCountSketch;
import io.spindle.rdd.KeyOrderings;
import io.spindle.rdd.MapPartitionsRdd;
import io.spindle.rdd.Partition;
import io.spindle.rdd.RandomSampling;
import io.spindle.rdd.RddNode;
import io.spindle.rdd.ShuffledRdd;
import io.spindle.rdd.UnionRdd;
import io.spindle.rdd.ZippedWithIndexRdd;
import io.spindle.rdd.ZippedPartitionsRdd;
import io.spindle.rdd.PipedCommand;
import io.spindle.rdd.SampleSizes;
import io.spindle.function.DoubleFlatMapFunction;
import io.spindle.function.DoubleFunction;
import io.spindle.function.FlatMapFunction2;
import io.spindle.function.BoundedDouble;
import io.spindle.function.PartialResult;
import io.spindle.function.PartitionFunction;
import io.spindle.partial.ApproximateActionListener;
import io.spindle.partial.ApproximateEvaluator;
import io.spindle.partial.CountEvaluator;
import io.spindle.partial.GroupedCountEvaluator;
import java.util.Arrays;
import io.spindle.task.EngineTaskContext;
import io.spindle.util.Iterators;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;

/**
 * A resilient distributed dataset: an immutable, partitioned collection computed lazily from its
 * lineage. Transformations (map, filter, …) return new RDDs and run nothing; actions (collect,
 * count, saveAsTextFile, …) run a job and return a result to the driver.
 *
 * <p>A facade (Spark's JavaRDD over RDD): it holds one engine lineage node ({@link RddNode}) and
 * each transformation builds a new node and wraps it. The lineage API (partitions, dependencies,
 * compute) is the node's; a custom RDD extends {@link RddNode} and is wrapped with
 * {@link #wrap(RddNode)}. The few public members that name engine types are marked
 * {@code @InterfaceAudience.Private}: they are the bridge for the engine and tests, not API.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public class Rdd<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The lineage node this facade shows; several facades (an Rdd and its PairRdd view) may share one. */
  final RddNode<T> node;

  Rdd(RddNode<T> node) {
    this.node = node;
  }

  /** Engine bridge: the facade of a lineage node (e.g. a custom {@link RddNode} subclass). */
  @InterfaceAudience.Private
  public static <T> Rdd<T> wrap(RddNode<T> node) {
    return new Rdd<>(node);
  }

  /** Engine bridge: the lineage node behind this RDD. */
  @InterfaceAudience.Private
  public RddNode<T> node() {
    return node;
  }

  // ---------------------------------------------------------------- lineage (engine bridges)

  /** How this RDD's keys are placed, if it is known (e.g. after a shuffle); else null. */
  public Partitioner partitioner() {
    return node.partitioner();
  }

  /** Engine bridge: hosts where a partition's data is, best first. */
  @InterfaceAudience.Private
  public List<String> preferredLocations(Partition partition) {
    return node.preferredLocations(partition);
  }

  /** Engine bridge: the node's partitions. */
  @InterfaceAudience.Private
  public final Partition[] partitions() {
    return node.partitions();
  }

  /** Engine bridge: the node's parents. */
  @InterfaceAudience.Private
  public final List<Dependency<?>> dependencies() {
    return node.dependencies();
  }

  /** Engine bridge: the records of one partition, inside a task (through the block store if persisted). */
  @InterfaceAudience.Private
  public final Iterator<T> iterator(Partition split, TaskContext taskContext) {
    return node.iterator(split, EngineTaskContext.of(taskContext));
  }

  /** Engine bridge: computes one partition, inside a task. */
  @InterfaceAudience.Private
  public Iterator<T> compute(Partition split, TaskContext taskContext) {
    return node.compute(split, EngineTaskContext.of(taskContext));
  }

  // ---------------------------------------------------------------- persistence (caching)

  /** Keeps computed partitions in memory ({@link StorageLevel#MEMORY_ONLY}) for later jobs. */
  public Rdd<T> cache() {
    return persist(StorageLevel.MEMORY_ONLY);
  }

  /**
   * Keeps each partition at {@code level} the first time a job computes it; later jobs read it
   * instead of recomputing its lineage. Partitions evicted for lack of memory are recomputed
   * (memory-only levels) or read from disk. A level cannot be changed once set (unpersist first).
   */
  public Rdd<T> persist(StorageLevel level) {
    node.persist(level);
    return this;
  }

  /** Forgets the level and drops the cached partitions from memory and disk. */
  public Rdd<T> unpersist() {
    node.unpersist();
    return this;
  }

  public StorageLevel getStorageLevel() {
    return node.getStorageLevel();
  }

  /** The context that created this RDD (null inside tasks). */
  public SpindleContext context() {
    return SpindleContext.owning(node.context());
  }

  public int id() {
    return node.id();
  }

  public int getNumPartitions() {
    return node.getNumPartitions();
  }

  public String name() {
    return node.name();
  }

  public Rdd<T> setName(String name) {
    node.setName(name);
    return this;
  }

  @Override
  public String toString() {
    return node.toString();
  }

  /** The lineage as an indented tree; shuffles are marked with {@code +-}. */
  public String toDebugString() {
    return node.toDebugString();
  }

  // ---------------------------------------------------------------- transformations

  public <R> Rdd<R> map(Function<T, R> f) {
    return wrap(new MapPartitionsRdd<>(node, (tc, i, it) -> Iterators.map(it, f), false));
  }

  public <R> Rdd<R> flatMap(FlatMapFunction<T, R> f) {
    return wrap(new MapPartitionsRdd<>(node, (tc, i, it) -> Iterators.flatMap(it, f), false));
  }

  public Rdd<T> filter(Function<T, Boolean> f) {
    return wrap(new MapPartitionsRdd<>(node, (tc, i, it) -> Iterators.filter(it, f), true));
  }

  /** Applies {@code f} to each partition's iterator as a whole. */
  public <R> Rdd<R> mapPartitions(FlatMapFunction<Iterator<T>, R> f) {
    return wrap(new MapPartitionsRdd<>(node, (tc, i, it) -> f.call(it), false));
  }

  /** Like {@link #mapPartitions} with the partition's index as first argument. */
  public <R> Rdd<R> mapPartitionsWithIndex(Function2<Integer, Iterator<T>, Iterator<R>> f,
      boolean preservesPartitioning) {
    return wrap(new MapPartitionsRdd<>(node, (tc, i, it) -> f.call(i, it), preservesPartitioning));
  }

  public <K, V> PairRdd<K, V> mapToPair(PairFunction<T, K, V> f) {
    return PairRdd.pairs(new MapPartitionsRdd<T, Pair<K, V>>(node, (tc, i, it) -> Iterators.map(it, f::call), false));
  }

  public <K, V> PairRdd<K, V> flatMapToPair(PairFlatMapFunction<T, K, V> f) {
    return PairRdd.pairs(new MapPartitionsRdd<T, Pair<K, V>>(node, (tc, i, it) -> Iterators.flatMap(it, f::call), false));
  }

  /** Pairs each element with the key {@code f} computes for it. */
  public <K> PairRdd<K, T> keyBy(Function<T, K> f) {
    return mapToPair(x -> new Pair<>(f.call(x), x));
  }

  /** The elements of this RDD followed by those of {@code other} (duplicates kept; no shuffle). */
  public Rdd<T> union(Rdd<T> other) {
    return wrap(new UnionRdd<>(node.context(), List.of(node, other.node)));
  }

  /** Each distinct element once (one shuffle). */
  public Rdd<T> distinct() {
    return distinct(PairRdd.defaultPartitionCount(this));
  }

  public Rdd<T> distinct(int numPartitions) {
    return mapToPair(x -> new Pair<T, Boolean>(x, Boolean.TRUE))
        .reduceByKey((a, b) -> a, numPartitions)
        .keys();
  }

  /** Redistributes the elements evenly over {@code numPartitions} partitions (one shuffle). */
  public Rdd<T> repartition(int numPartitions) {
    return coalesce(numPartitions, true);
  }

  /** Fewer partitions by merging neighbours, without a shuffle. */
  public Rdd<T> coalesce(int numPartitions) {
    return coalesce(numPartitions, false);
  }

  /**
   * Reduces (or, with {@code shuffle}, changes) the number of partitions. Without a shuffle,
   * neighbouring partitions are merged; with one, elements are dealt round-robin from a random
   * start in each partition, so the result is balanced.
   */
  public Rdd<T> coalesce(int numPartitions, boolean shuffle) {
    if (numPartitions < 1) {
      throw new IllegalArgumentException("Number of partitions must be positive, got " + numPartitions);
    }
    if (!shuffle) {
      return wrap(new CoalescedRdd<>(node, numPartitions));
    }
    RddNode<Pair<Integer, T>> dealt = new MapPartitionsRdd<>(node, (tc, index, it) -> {
      int[] position = {new Random(index).nextInt(numPartitions)};
      return Iterators.map(it, x -> new Pair<>(position[0]++ % numPartitions, x));
    }, false);
    return wrap(new ShuffledRdd<Integer, T, T>(dealt, new HashPartitioner(numPartitions), null, false))
        .map(Pair::value);
  }

  // ---------------------------------------------------------------- actions

  /** All elements, in partition order. Mind the driver's memory. */
  public List<T> collect() {
    List<ArrayList<T>> parts = context().runJob(this, (tc, it) -> {
      ArrayList<T> list = new ArrayList<>();
      it.forEachRemaining(list::add);
      return list;
    });
    List<T> all = new ArrayList<>();
    parts.forEach(all::addAll);
    return all;
  }

  public long count() {
    long total = 0;
    for (long n : context().runJob(this, (tc, it) -> {
      long c = 0;
      while (it.hasNext()) {
        it.next();
        c++;
      }
      return c;
    })) {
      total += n;
    }
    return total;
  }

  /**
   * The first {@code num} elements, reading as few partitions as it can: first one, then four
   * times as many each round.
   */
  public List<T> take(int num) {
    return take(num, (function, parts, handler) -> context().runJob(this, function, parts, handler));
  }

  /** Runs one job of {@link #take}'s rounds (blocking, or through an async action's chain). */
  @FunctionalInterface
  interface TakeRound<T> {
    void run(io.spindle.function.PartitionFunction<T, ArrayList<T>> function, int[] partitions,
        java.util.function.BiConsumer<Integer, ArrayList<T>> resultHandler) throws Exception;
  }

  private List<T> take(int num, TakeRound<T> round) {
    List<T> taken = new ArrayList<>();
    int total = getNumPartitions();
    int scanned = 0;
    try {
      while (taken.size() < num && scanned < total) {
        int tryNow = scanned == 0 ? 1 : Math.min(total - scanned, scanned * 4);
        int[] parts = new int[tryNow];
        for (int i = 0; i < tryNow; i++) {
          parts[i] = scanned + i;
        }
        int left = num - taken.size();
        List<ArrayList<T>> results = new ArrayList<>(java.util.Collections.nCopies(tryNow, null));
        round.run((tc, it) -> {
          ArrayList<T> list = new ArrayList<>();
          while (list.size() < left && it.hasNext()) {
            list.add(it.next());
          }
          return list;
        }, parts, results::set);
        for (ArrayList<T> r : results) {
          for (T x : r) {
            if (taken.size() < num) {
              taken.add(x);
            }
          }
        }
        scanned += tryNow;
      }
    } catch (Exception e) {
      throw io.spindle.util.Exceptions.sneakyThrow(e);
    }
    return taken;
  }

  /** The first element; throws if the RDD is empty. */
  public T first() {
    List<T> one = take(1);
    if (one.isEmpty()) {
      throw new UnsupportedOperationException("first() on an empty RDD");
    }
    return one.get(0);
  }

  /** Combines all elements with an associative, commutative {@code f}; throws if the RDD is empty. */
  public T reduce(Function2<T, T, T> f) {
    List<ArrayList<T>> partials = context().runJob(this, (tc, it) -> {
      ArrayList<T> holder = new ArrayList<>(1);
      if (it.hasNext()) {
        T acc = it.next();
        while (it.hasNext()) {
          acc = f.call(acc, it.next());
        }
        holder.add(acc);
      }
      return holder;
    });
    boolean any = false;
    T result = null;
    for (ArrayList<T> p : partials) {
      if (!p.isEmpty()) {
        result = any ? call(f, result, p.get(0)) : p.get(0);
        any = true;
      }
    }
    if (!any) {
      throw new UnsupportedOperationException("reduce() on an empty RDD");
    }
    return result;
  }

  /**
   * Folds each partition starting from {@code zero}, then the partition results (again from
   * {@code zero}). Each task gets its own copy of {@code zero}.
   */
  public T fold(T zero, Function2<T, T, T> f) {
    return aggregate(zero, f, f);
  }

  /** Like {@link #fold} with a result type of its own: {@code seqOp} within partitions, {@code combOp} across. */
  public <U> U aggregate(U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp) {
    List<U> partials = context().runJob(this, (tc, it) -> {
      U acc = zero;
      while (it.hasNext()) {
        acc = seqOp.call(acc, it.next());
      }
      return acc;
    });
    U result = ZeroValue.of(zero).fresh();
    for (U p : partials) {
      result = call(combOp, result, p);
    }
    return result;
  }

  public void foreach(VoidFunction<T> f) {
    context().runJob(this, (tc, it) -> {
      while (it.hasNext()) {
        f.call(it.next());
      }
      return null;
    });
  }

  public void foreachPartition(VoidFunction<Iterator<T>> f) {
    context().runJob(this, (tc, it) -> {
      f.call(it);
      return null;
    });
  }

  /** How many times each distinct element occurs. */
  public Map<T, Long> countByValue() {
    return mapToPair(x -> new Pair<>(x, 1L)).countByKey();
  }

  /**
   * Writes each element's {@code toString()} as one UTF-8 line into {@code path/part-00000}, …,
   * all or nothing: files appear only when every task has succeeded, with {@code _SUCCESS}.
   * An existing {@code path} is refused before any task runs.
   */
  public void saveAsTextFile(String path) {
    TextFileOutput.save(node, path);
  }

  // ---------------------------------------------------------------- set operations, pairing, sorting, sampling

  /** The elements of this RDD that do not occur in {@code other}; duplicates of kept elements stay (one shuffle per side). */
  public Rdd<T> subtract(Rdd<T> other) {
    return subtract(other, new HashPartitioner(Math.max(1, getNumPartitions())));
  }

  public Rdd<T> subtract(Rdd<T> other, int numPartitions) {
    return subtract(other, new HashPartitioner(numPartitions));
  }

  public Rdd<T> subtract(Rdd<T> other, Partitioner partitioner) {
    return asKeys(this).subtractByKey(asKeys(other), partitioner).keys();
  }

  /** The distinct elements found in both this RDD and {@code other}. */
  public Rdd<T> intersection(Rdd<T> other) {
    PairRdd<T, Object> mine = asKeys(this);
    PairRdd<T, Object> theirs = asKeys(other);
    return intersection(mine, theirs, PairRdd.defaultPartitionerFor(mine, theirs));
  }

  public Rdd<T> intersection(Rdd<T> other, int numPartitions) {
    return intersection(other, new HashPartitioner(numPartitions));
  }

  public Rdd<T> intersection(Rdd<T> other, Partitioner partitioner) {
    return intersection(asKeys(this), asKeys(other), partitioner);
  }

  private static <T> Rdd<T> intersection(PairRdd<T, Object> mine, PairRdd<T, Object> theirs, Partitioner partitioner) {
    return PairRdd.pairs(new CoGroupedRdd<T>(List.of(mine.node, theirs.node), partitioner))
        .filter(g -> !g.value().get(0).isEmpty() && !g.value().get(1).isEmpty())
        .keys();
  }

  /** Each element as a key with no value: how set operations reuse the per-key machinery. */
  private static <T> PairRdd<T, Object> asKeys(Rdd<T> rdd) {
    return rdd.mapToPair(x -> new Pair<>(x, null));
  }

  /** Every pair (t, u) of an element of this RDD and one of {@code other}; no shuffle, n×m partitions. */
  public <U> PairRdd<T, U> cartesian(Rdd<U> other) {
    return PairRdd.pairs(new CartesianRdd<>(node, other.node));
  }

  /**
   * The elements sorted by the key {@code f} computes (keys must be Comparable), into
   * {@code numPartitions} key ranges; runs a sampling job now, as sortByKey does.
   */
  public <S> Rdd<T> sortBy(Function<T, S> f, boolean ascending, int numPartitions) {
    return keyBy(f).sortByKey(ascending, numPartitions).values();
  }

  /** The {@code num} smallest elements by natural order (they must be Comparable), smallest first. */
  public List<T> takeOrdered(int num) {
    return takeOrdered(num, KeyOrderings.natural());
  }

  /**
   * The {@code num} smallest elements by {@code comparator}, smallest first: each task keeps its
   * partition's {@code num} smallest in a bounded heap, the driver merges them.
   */
  public List<T> takeOrdered(int num, Comparator<T> comparator) {
    KeyOrderings.requireSerializable(comparator, "takeOrdered/top");
    if (num < 0) {
      throw new IllegalArgumentException("takeOrdered/top: num must be >= 0, got " + num);
    }
    if (num == 0) {
      return new ArrayList<>();
    }
    List<ArrayList<T>> partials = context().runJob(this, (tc, it) -> {
      BoundedPriorityQueue<T> smallest = new BoundedPriorityQueue<>(num, comparator);
      while (it.hasNext()) {
        smallest.offer(it.next());
      }
      return smallest.toSortedList();
    });
    BoundedPriorityQueue<T> merged = new BoundedPriorityQueue<>(num, comparator);
    for (ArrayList<T> partial : partials) {
      partial.forEach(merged::offer);
    }
    return merged.toSortedList();
  }

  /** The {@code num} largest elements by natural order, largest first. */
  public List<T> top(int num) {
    return top(num, KeyOrderings.natural());
  }

  /** The {@code num} largest elements by {@code comparator}, largest first. */
  public List<T> top(int num, Comparator<T> comparator) {
    KeyOrderings.requireSerializable(comparator, "top");
    return takeOrdered(num, KeyOrderings.reverse(comparator));
  }

  /** The smallest element by {@code comparator}; throws if the RDD is empty. */
  public T min(Comparator<T> comparator) {
    return single(takeOrdered(1, comparator), "min");
  }

  /** The largest element by {@code comparator}; throws if the RDD is empty. */
  public T max(Comparator<T> comparator) {
    return single(top(1, comparator), "max");
  }

  private static <T> T single(List<T> one, String operator) {
    if (one.isEmpty()) {
      throw new UnsupportedOperationException(operator + "() on an empty RDD");
    }
    return one.get(0);
  }

  /** {@link #sample(boolean, double, long)} with a random seed. */
  public Rdd<T> sample(boolean withReplacement, double fraction) {
    return sample(withReplacement, fraction, new Random().nextLong());
  }

  /**
   * A random sample: without replacement each element is kept with probability {@code fraction}
   * (Bernoulli); with replacement each element appears a Poisson({@code fraction}) number of times.
   * The size is not exact. Same seed, same partitions: same sample.
   */
  public Rdd<T> sample(boolean withReplacement, double fraction, long seed) {
    RandomSampling.checkFraction(withReplacement, fraction);
    return wrap(new MapPartitionsRdd<>(node, (tc, index, it) -> withReplacement
        ? RandomSampling.poisson(it, fraction, RandomSampling.random(seed, index))
        : RandomSampling.bernoulli(it, fraction, RandomSampling.random(seed, index)), true));
  }

  /**
   * Each element with its index: partition order, then order within a partition. Runs a job now
   * to count the partitions' sizes (unless there is only one partition).
   */
  public PairRdd<T, Long> zipWithIndex() {
    return PairRdd.pairs(new ZippedWithIndexRdd<>(node));
  }

  /** Each element with a unique id, without a job: the k-th partition's ids are k, n+k, 2n+k, … */
  public PairRdd<T, Long> zipWithUniqueId() {
    long n = getNumPartitions();
    return PairRdd.pairs(new MapPartitionsRdd<T, Pair<T, Long>>(node, (tc, k, it) -> {
      long[] position = {0};
      return Iterators.map(it, x -> new Pair<>(x, position[0]++ * n + k));
    }, false));
  }

  /** Each partition as one list. */
  public Rdd<List<T>> glom() {
    return wrap(new MapPartitionsRdd<T, List<T>>(node, (tc, index, it) -> {
      List<T> all = new ArrayList<>();
      it.forEachRemaining(all::add);
      return List.of(all).iterator();
    }, false));
  }

  /**
   * {@link #saveAsTextFile(String)} with each part file compressed by {@code codec} (e.g.
   * {@code GzipCodec.class}) and named with its extension; textFile reads such files back.
   */
  public void saveAsTextFile(String path, Class<? extends org.apache.hadoop.io.compress.CompressionCodec> codec) {
    TextFileOutput.save(node, path, codec);
  }

  /**
   * Writes the elements (Serializable) in Spark's object-file format — a SequenceFile of
   * Java-serialized batches of ten — all or nothing; {@link SpindleContext#objectFile} reads it.
   */
  public void saveAsObjectFile(String path) {
    PairRdd<org.apache.hadoop.io.NullWritable, org.apache.hadoop.io.BytesWritable> records = PairRdd.pairs(
        new MapPartitionsRdd<T, Pair<org.apache.hadoop.io.NullWritable, org.apache.hadoop.io.BytesWritable>>(node,
            (tc, i, it) -> Iterators.map(io.spindle.hadoop.ObjectFiles.batches(it), batch -> new Pair<>(
                org.apache.hadoop.io.NullWritable.get(),
                new org.apache.hadoop.io.BytesWritable(io.spindle.hadoop.ObjectFiles.serialize(batch)))), false));
    records.saveAsSequenceFile(path, org.apache.hadoop.io.NullWritable.class, org.apache.hadoop.io.BytesWritable.class,
        null);
  }

  // ---------------------------------------------------------------- async actions

  /** {@link #count()} without waiting: the future's {@code cancel} cancels the job. */
  public JobFuture<Long> countAsync() {
    long[] counts = new long[getNumPartitions()];
    SpindleContext ctx = context();
    return new JobFuture<>(ctx, ctx.submitJob(this, (tc, it) -> {
      long c = 0;
      while (it.hasNext()) {
        it.next();
        c++;
      }
      return c;
    }, (i, c) -> counts[i] = c), () -> java.util.Arrays.stream(counts).sum());
  }

  /** {@link #collect()} without waiting. */
  public JobFuture<List<T>> collectAsync() {
    List<List<T>> parts = new ArrayList<>(java.util.Collections.nCopies(getNumPartitions(), null));
    SpindleContext ctx = context();
    return new JobFuture<>(ctx, ctx.submitJob(this, (tc, it) -> {
      ArrayList<T> list = new ArrayList<>();
      it.forEachRemaining(list::add);
      return list;
    }, (i, list) -> parts.set(i, list)), () -> {
      List<T> all = new ArrayList<>();
      parts.forEach(all::addAll);
      return all;
    });
  }

  /** {@link #foreach} without waiting. */
  public JobFuture<Void> foreachAsync(VoidFunction<T> f) {
    SpindleContext ctx = context();
    return new JobFuture<>(ctx, ctx.submitJob(this, (tc, it) -> {
      while (it.hasNext()) {
        f.call(it.next());
      }
      return null;
    }, (i, x) -> { }), () -> null);
  }

  /** {@link #foreachPartition} without waiting. */
  public JobFuture<Void> foreachPartitionAsync(VoidFunction<Iterator<T>> f) {
    SpindleContext ctx = context();
    return new JobFuture<>(ctx, ctx.submitJob(this, (tc, it) -> {
      f.call(it);
      return null;
    }, (i, x) -> { }), () -> null);
  }

  /**
   * {@link #take} without waiting: the same rounds of jobs (partition 0, then four times as many
   * partitions as scanned so far, until {@code num} elements are in), each submitted when the one
   * before ended, from a thread of the async actions' pool. {@link JobFuture#jobIds()} lists the jobs
   * submitted so far; {@code cancel} cancels the running job and submits no further one. The jobs
   * carry the job group and local properties of the thread that called {@code takeAsync}.
   */
  public JobFuture<List<T>> takeAsync(int num) {
    return JobFuture.chain(context(), jobs -> take(num, (function, parts, handler) ->
        jobs.runJob(this, function, parts, handler)));
  }

  // ---------------------------------------------------------------- approximate actions

  /** Spark's default confidence of the approximate actions. */
  static final double DEFAULT_CONFIDENCE = 0.95;

  /**
   * The number of elements, or an estimate of it if the job takes longer than {@code timeoutMillis}
   * (Spark's {@code countApprox}). One job runs over all partitions; their counts are merged as
   * tasks finish. If all are in within the timeout, the result is final and exact (low = high =
   * mean, confidence 1.0); else its initial value estimates the count from the partitions done (a
   * fraction p of them, holding {@code sum} elements: {@code sum} plus a Poisson of mean
   * {@code sum·(1−p)/p} for the rest, bounded by that Poisson's {@code (1∓confidence)/2}
   * quantiles), the job keeps running and {@link PartialResult#getFinalValue()} waits for the exact
   * count. A job that fails before the timeout makes this throw as {@link #count()} does; after, it
   * makes {@code getFinalValue()} throw.
   *
   * @param confidence the probability that the true count lies within the bounds, in [0, 1]
   */
  public PartialResult<BoundedDouble> countApprox(long timeoutMillis, double confidence) {
    checkConfidence(confidence);
    return runApproximateJob((tc, it) -> {
      long c = 0;
      while (it.hasNext()) {
        it.next();
        c++;
      }
      return c;
    }, new CountEvaluator(getNumPartitions(), confidence), timeoutMillis);
  }

  /** {@link #countApprox(long, double)} with confidence 0.95. */
  public PartialResult<BoundedDouble> countApprox(long timeoutMillis) {
    return countApprox(timeoutMillis, DEFAULT_CONFIDENCE);
  }

  /**
   * How many times each distinct element occurs, or an estimate per element within
   * {@code timeoutMillis} (Spark's {@code countByValueApprox}): as {@link #countApprox(long, double)}
   * per element; elements not seen in the finished partitions are absent from an estimate.
   */
  public PartialResult<Map<T, BoundedDouble>> countByValueApprox(long timeoutMillis, double confidence) {
    checkConfidence(confidence);
    return runApproximateJob((tc, it) -> {
      java.util.HashMap<T, Long> counts = new java.util.HashMap<>();
      while (it.hasNext()) {
        counts.merge(it.next(), 1L, Long::sum);
      }
      return counts;
    }, new GroupedCountEvaluator<T>(getNumPartitions(), confidence), timeoutMillis);
  }

  /** {@link #countByValueApprox(long, double)} with confidence 0.95. */
  public PartialResult<Map<T, BoundedDouble>> countByValueApprox(long timeoutMillis) {
    return countByValueApprox(timeoutMillis, DEFAULT_CONFIDENCE);
  }

  static void checkConfidence(double confidence) {
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence (" + confidence + ") must be in [0,1]");
    }
  }

  /**
   * Spark's runApproximateJob: one job over all partitions, each result merged into
   * {@code evaluator} as it arrives; waits at most {@code timeoutMillis}.
   */
  <U, R> PartialResult<R> runApproximateJob(PartitionFunction<T, U> function, ApproximateEvaluator<U, R> evaluator,
      long timeoutMillis) {
    SpindleContext ctx = context();
    ApproximateActionListener<U, R> listener = new ApproximateActionListener<>(evaluator, getNumPartitions());
    ctx.submitJob(this, function, listener::taskSucceeded).whenDone(listener::jobEnded);
    return listener.awaitResult(timeoutMillis);
  }

  // ---------------------------------------------------------------- checkpoints

  /**
   * Marks this RDD for checkpointing: after the next job that computes it, its partitions are
   * written to the context's checkpoint dir ({@link SpindleContext#setCheckpointDir}, required) by
   * one more job, and its lineage is cut there — later jobs read the files instead of recomputing
   * its ancestors ({@link #toDebugString()} shows the checkpoint as the root). Persist it first, or
   * that extra job computes it again. Call before any job has run on it.
   */
  public void checkpoint() {
    if (node.context().checkpointDir() == null) {
      throw new io.spindle.function.SpindleException("Checkpoint directory has not been set in the SpindleContext: "
          + "call ctx.setCheckpointDir(dir) first (on YARN a directory in HDFS)");
    }
    node.markForCheckpoint(io.spindle.rdd.Checkpoints.Mark.RELIABLE);
  }

  /**
   * Cuts the lineage after the next job that computes this RDD, keeping the partitions in the
   * block store (persisted MEMORY_AND_DISK unless persisted already) rather than in files: fast, but
   * a partition lost with its executor cannot be recomputed.
   */
  public Rdd<T> localCheckpoint() {
    if (getStorageLevel() == StorageLevel.NONE) {
      persist(StorageLevel.MEMORY_AND_DISK);
    }
    node.markForCheckpoint(io.spindle.rdd.Checkpoints.Mark.LOCAL);
    return this;
  }

  /** Whether the checkpoint has been written (the lineage ends there). */
  public boolean isCheckpointed() {
    return node.isCheckpointed();
  }

  /** The directory of this RDD's checkpoint files, once written by {@link #checkpoint()}. */
  public java.util.Optional<String> getCheckpointFile() {
    return node.checkpointNode() instanceof io.spindle.rdd.ReliableCheckpointRdd<?> cp
        ? java.util.Optional.of(cp.dir()) : java.util.Optional.empty();
  }

  // ---------------------------------------------------------------- more of Spark's operators (docs/api.md)

  /** True if the RDD has no element; reads as few partitions as {@link #take} does. */
  public boolean isEmpty() {
    return getNumPartitions() == 0 || take(1).isEmpty();
  }

  /**
   * The i-th element of this RDD paired with the i-th of {@code other}, without a shuffle. Both must
   * have the same number of partitions and the same number of elements in each (as RDDs derived from
   * one another by map-like operations have); otherwise the job fails saying so.
   */
  public <U> PairRdd<T, U> zip(Rdd<U> other) {
    return PairRdd.pairs(new ZippedPartitionsRdd<T, U, Pair<T, U>>(node, other.node, ZippedPartitionsRdd::pairwise,
        false));
  }

  /** Partition i of this RDD and partition i of {@code other} together through {@code f} (same partition counts). */
  public <U, V> Rdd<V> zipPartitions(Rdd<U> other, FlatMapFunction2<Iterator<T>, Iterator<U>, V> f) {
    return wrap(new ZippedPartitionsRdd<T, U, V>(node, other.node, f::call, false));
  }

  /** The elements grouped by the key {@code f} computes (one shuffle); see groupByKey for the cost. */
  public <K> PairRdd<K, Iterable<T>> groupBy(Function<T, K> f) {
    return keyBy(f).groupByKey();
  }

  public <K> PairRdd<K, Iterable<T>> groupBy(Function<T, K> f, int numPartitions) {
    return keyBy(f).groupByKey(numPartitions);
  }

  public <K> PairRdd<K, Iterable<T>> groupBy(Function<T, K> f, Partitioner partitioner) {
    return keyBy(f).groupByKey(partitioner);
  }

  /** {@link #treeAggregate(Object, Function2, Function2, int)} with depth 2. */
  public <U> U treeAggregate(U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp) {
    return treeAggregate(zero, seqOp, combOp, 2);
  }

  /**
   * Like {@link #aggregate}, but the partition results are combined in a tree of {@code depth}
   * levels of shuffles rather than all on the driver, as Spark does it: while there are more than
   * {@code scale + ceil(n / scale)} partial results ({@code scale = max(ceil(n^(1/depth)), 2)}),
   * they are folded by key {@code index % (n / scale)} into {@code n / scale} partitions.
   */
  public <U> U treeAggregate(U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("treeAggregate: depth must be >= 1, got " + depth);
    }
    ZeroValue<U> zeroValue = ZeroValue.of(zero);
    if (getNumPartitions() == 0) {
      return zeroValue.fresh();
    }
    Rdd<U> partial = wrap(new MapPartitionsRdd<T, U>(node, (tc, i, it) -> {
      U acc = zeroValue.fresh();
      while (it.hasNext()) {
        acc = seqOp.call(acc, it.next());
      }
      return java.util.Collections.singletonList(acc).iterator();
    }, false));
    int numPartitions = partial.getNumPartitions();
    int scale = Math.max((int) Math.ceil(Math.pow(numPartitions, 1.0 / depth)), 2);
    while (numPartitions > scale + (int) Math.ceil((double) numPartitions / scale)) {
      numPartitions /= scale;
      int current = numPartitions;
      Rdd<Pair<Integer, U>> keyed = partial.mapPartitionsWithIndex(
          (i, it) -> Iterators.map(it, u -> new Pair<>(i % current, u)), false);
      partial = PairRdd.of(keyed).foldByKey(zero, new HashPartitioner(current), combOp).values();
    }
    return partial.fold(zero, combOp);
  }

  /** {@link #treeReduce(Function2, int)} with depth 2. */
  public T treeReduce(Function2<T, T, T> f) {
    return treeReduce(f, 2);
  }

  /** Like {@link #reduce}, combining the partition results in a tree (see {@link #treeAggregate}); throws if empty. */
  public T treeReduce(Function2<T, T, T> f, int depth) {
    ArrayList<T> none = new ArrayList<>(1);
    ArrayList<T> result = treeAggregate(none, (acc, x) -> {
      if (acc.isEmpty()) {
        acc.add(x);
      } else {
        acc.set(0, f.call(acc.get(0), x));
      }
      return acc;
    }, (a, b) -> {
      if (a.isEmpty()) {
        return b;
      }
      if (!b.isEmpty()) {
        a.set(0, f.call(a.get(0), b.get(0)));
      }
      return a;
    }, depth);
    if (result.isEmpty()) {
      throw new UnsupportedOperationException("treeReduce() on an empty RDD");
    }
    return result.get(0);
  }

  /** {@link #randomSplit(double[], long)} with a random seed. */
  public Rdd<T>[] randomSplit(double[] weights) {
    return randomSplit(weights, new Random().nextLong());
  }

  /**
   * Splits the elements at random into disjoint RDDs, about in proportion to {@code weights}
   * (normalized to sum 1): every split draws the same uniform number per element (one stream per
   * partition from {@code seed}) and keeps it if it falls into the split's range, so each element is
   * in exactly one split. Each split recomputes this RDD: cache it first if that is costly.
   */
  @SuppressWarnings("unchecked")
  public Rdd<T>[] randomSplit(double[] weights, long seed) {
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("randomSplit: weights must be nonnegative, got " + Arrays.toString(weights));
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("randomSplit: the weights must sum to more than 0, got "
          + Arrays.toString(weights));
    }
    double[] bounds = new double[weights.length + 1];
    for (int i = 0; i < weights.length; i++) {
      bounds[i + 1] = bounds[i] + weights[i] / sum;
    }
    bounds[weights.length] = 1.0; // rounding must not drop the elements that draw just below 1
    Rdd<T>[] splits = new Rdd[weights.length];
    for (int s = 0; s < weights.length; s++) {
      double lower = bounds[s];
      double upper = bounds[s + 1];
      splits[s] = wrap(new MapPartitionsRdd<>(node, (tc, index, it) -> {
        java.util.SplittableRandom random = RandomSampling.random(seed, index);
        return Iterators.filter(it, x -> {
          double u = random.nextDouble();
          return u >= lower && u < upper;
        });
      }, true));
    }
    return splits;
  }

  /** {@link #takeSample(boolean, int, long)} with a random seed. */
  public List<T> takeSample(boolean withReplacement, int num) {
    return takeSample(withReplacement, num, new Random().nextLong());
  }

  /**
   * Exactly {@code num} elements at random (fewer only without replacement from a smaller RDD), in
   * random order, as Spark does it: count, sample with a fraction that almost always yields enough
   * (again if it did not), shuffle, take {@code num}. Runs at least two jobs.
   */
  public List<T> takeSample(boolean withReplacement, int num, long seed) {
    if (num < 0) {
      throw new IllegalArgumentException("takeSample: negative number of elements requested: " + num);
    }
    if (num > SampleSizes.MAX_SAMPLE_SIZE) {
      throw new IllegalArgumentException("takeSample: cannot support a sample size > " + SampleSizes.MAX_SAMPLE_SIZE);
    }
    if (num == 0) {
      return new ArrayList<>();
    }
    long initialCount = count();
    if (initialCount == 0) {
      return new ArrayList<>();
    }
    Random rand = new Random(seed);
    if (!withReplacement && num >= initialCount) {
      List<T> all = collect();
      java.util.Collections.shuffle(all, rand);
      return all;
    }
    double fraction = SampleSizes.fractionFor(num, initialCount, withReplacement);
    List<T> samples = sample(withReplacement, fraction, rand.nextInt()).collect();
    while (samples.size() < num) {
      samples = sample(withReplacement, fraction, rand.nextInt()).collect();
    }
    java.util.Collections.shuffle(samples, rand);
    return new ArrayList<>(samples.subList(0, num));
  }

  /** {@link #pipe(List)} of {@code command} split at whitespace (no quoting, as in Spark). */
  public Rdd<String> pipe(String command) {
    return pipe(PipedCommand.tokenize(command));
  }

  public Rdd<String> pipe(List<String> command) {
    return pipe(command, Map.of());
  }

  /**
   * Runs {@code command} once per partition, with this process's environment plus {@code env}: each
   * element's {@code toString()} goes to its stdin as a line, its stdout lines are the result, its
   * stderr passes through to the executor's stderr. A command that exits non-zero fails the task
   * with "Subprocess exited with status N. Command ran: …" (retried like any task failure).
   */
  public Rdd<String> pipe(List<String> command, Map<String, String> env) {
    return pipe(command, env, 8192, "UTF-8");
  }

  /** {@link #pipe(List, Map)} with the stream buffer size and the encoding of stdin/stdout/stderr. */
  public Rdd<String> pipe(List<String> command, Map<String, String> env, int bufferSize, String encoding) {
    PipedCommand piped = new PipedCommand(command, env, bufferSize, encoding);
    return wrap(new MapPartitionsRdd<T, String>(node, (tc, i, it) -> piped.run(it, tc), false));
  }

  /**
   * All elements, in order, one partition at a time: each partition is computed by its own job
   * when the iterator reaches it, so the driver holds at most the largest partition.
   */
  public Iterator<T> toLocalIterator() {
    int n = getNumPartitions();
    return new Iterator<>() {
      private int nextPartition;
      private Iterator<T> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && nextPartition < n) {
          List<ArrayList<T>> one = context().runJob(Rdd.this, (tc, it) -> {
            ArrayList<T> list = new ArrayList<>();
            it.forEachRemaining(list::add);
            return list;
          }, new int[] {nextPartition++});
          current = one.get(0).iterator();
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * The elements of the given partitions, one list per id in the order given (Spark's
   * {@code collectPartitions}), computed by one job over those partitions only; an id given twice is
   * computed once and its list appears twice. An empty array gives an empty array and runs no job. An id
   * outside {@code [0, getNumPartitions())} fails before any job runs with an
   * {@link IllegalArgumentException} naming it.
   */
  @SuppressWarnings("unchecked")
  public List<T>[] collectPartitions(int[] partitionIds) {
    int total = getNumPartitions();
    int[] distinct = Arrays.stream(partitionIds).distinct().toArray();
    for (int id : distinct) {
      if (id < 0 || id >= total) {
        throw new IllegalArgumentException("collectPartitions: no partition " + id + "; this RDD has " + total
            + " partitions (ids 0 to " + (total - 1) + ")");
      }
    }
    List<T>[] out = new List[partitionIds.length];
    if (distinct.length == 0) {
      return out;
    }
    List<ArrayList<T>> lists = context().runJob(this, (tc, it) -> {
      ArrayList<T> list = new ArrayList<>();
      it.forEachRemaining(list::add);
      return list;
    }, distinct);
    Map<Integer, ArrayList<T>> byId = new java.util.HashMap<>();
    for (int i = 0; i < distinct.length; i++) {
      byId.put(distinct[i], lists.get(i));
    }
    java.util.Set<Integer> handedOut = new java.util.HashSet<>();
    for (int i = 0; i < partitionIds.length; i++) {
      ArrayList<T> list = byId.get(partitionIds[i]);
      out[i] = handedOut.add(partitionIds[i]) ? list : new ArrayList<>(list); // a repeated id gets its own copy
    }
    return out;
  }

  // ---------------------------------------------------------------- approximate distinct counts

  /**
   * The approximate number of distinct elements (Spark's {@code countApproxDistinct}), from a
   * HyperLogLog sketch: each task builds one over its partition, and the driver merges them (an HLL
   * union) as they arrive. {@code relativeSD} is the relative accuracy wanted (Spark's default is
   * 0.05) and must be greater than 0.000017, else {@link IllegalArgumentException}; smaller values cost
   * more memory — about {@code 2^lgK} bytes per sketch with {@code lgK = ceil(2 log2(1.04 / relativeSD))}
   * clamped to [4, 21], so values below ≈ 0.00072 get lgK 21's accuracy (≈ 0.00072).
   *
   * <p>The sketch is Apache DataSketches' HLL, not the stream-lib HLL++ Spark uses: estimates are not
   * bit-identical to Spark's (both have a relative standard error of about {@code relativeSD}; at low
   * counts both are near-exact). Elements are hashed by their value, independently of the JVM:
   * Strings by their UTF-8 bytes, Long and Integer as a long (so 5 and 5L count once), Double as a
   * double (-0.0 and 0.0 count once), anything else by its serialization with the engine's Kryo — equal
   * elements that serialize differently (ones holding a HashMap or HashSet, say) count apart, so map
   * those to a canonical form first. The result is deterministic for the same elements, whatever the
   * partitioning. Needs a Java 17 or 21 runtime (DataSketches' memory library refuses others).
   */
  public long countApproxDistinct(double relativeSD) {
    int lgK = DistinctCountSketch.lgConfigK("countApproxDistinct", relativeSD);
    DistinctCountSketch total = new DistinctCountSketch(lgK);
    int[] all = new int[getNumPartitions()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    context().runJob(this, (tc, it) -> {
      DistinctCountSketch sketch = new DistinctCountSketch(lgK);
      try (DistinctCountSketch.Hasher hasher = new DistinctCountSketch.Hasher(EngineTaskContext.of(tc).env())) {
        while (it.hasNext()) {
          sketch.addCanonical(hasher.canonical(it.next()));
        }
      }
      return sketch;
    }, all, (i, sketch) -> {
      synchronized (total) {
        total.merge(sketch);
      }
    });
    return total.estimate();
  }

  /** Applies {@code f} to each partition's iterator, producing pairs. */
  public <K, V> PairRdd<K, V> mapPartitionsToPair(PairFlatMapFunction<Iterator<T>, K, V> f) {
    return mapPartitionsToPair(f, false);
  }

  public <K, V> PairRdd<K, V> mapPartitionsToPair(PairFlatMapFunction<Iterator<T>, K, V> f,
      boolean preservesPartitioning) {
    return PairRdd.pairs(new MapPartitionsRdd<T, Pair<K, V>>(node, (tc, i, it) -> f.call(it), preservesPartitioning));
  }

  /** Each element as a double, with the numeric actions of {@link DoubleRdd} (sum, stats, histogram, …). */
  public DoubleRdd mapToDouble(DoubleFunction<T> f) {
    return new DoubleRdd(new MapPartitionsRdd<T, Double>(node, (tc, i, it) -> Iterators.map(it, x -> f.call(x)), false));
  }

  public DoubleRdd flatMapToDouble(DoubleFlatMapFunction<T> f) {
    return new DoubleRdd(new MapPartitionsRdd<T, Double>(node, (tc, i, it) -> Iterators.flatMap(it, f::call), false));
  }

  public DoubleRdd mapPartitionsToDouble(DoubleFlatMapFunction<Iterator<T>> f) {
    return new DoubleRdd(new MapPartitionsRdd<T, Double>(node, (tc, i, it) -> f.call(it), false));
  }

  private static <A, B, R> R call(Function2<A, B, R> f, A a, B b) {
    try {
      return f.call(a, b);
    } catch (Exception e) {
      throw io.spindle.util.Exceptions.sneakyThrow(e);
    }
  }
}
