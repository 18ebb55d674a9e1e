package io.spindle.shuffle.spill;

import io.spindle.task.EngineTaskContext;
import com.esotericsoftware.kryo.Kryo;
import io.spindle.function.Pair;
import io.spindle.function.Partitioner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A {@link CombineMap} that spills when the task cannot get memory for it to grow: Spark's
 * ExternalAppendOnlyMap (reduce side, {@code partitioner == null}: one partition) and the
 * aggregating half of its ExternalSorter (map side: entries grouped by reduce partition).
 *
 * <p>A spill writes the entries sorted by (partition, key hash); reading merges the runs and the
 * in-memory rest partition by partition, by hash, merging the combiners of equal keys. Use:
 * insert everything, then either {@link #iterator()} (one partition) or {@link #finish()} and
 * {@link #partition(int)} for each partition in increasing order.
 */
public final class ExternalCombiner<K, V, C> extends Spillable {
  private static final int SAMPLE_ENTRIES = 16;

  private final Aggregator<K, V, C> aggregator;
  private final Partitioner partitioner;
  private final int numPartitions;
  private final Kryo kryo;
  private final int mergeFactor;
  private final Random random = new Random(42);
  private final SizeTracker tracker = new SizeTracker();
  private final List<SpillRun> runs = new ArrayList<>();
  private CombineMap<K, V, C> map = new CombineMap<>();

  // Set by finish() when there were spills.
  private List<SpillReader> readers;
  private CombineMap.SortedEntries rest;

  /**
   * @param partitioner groups entries by reduce partition (map side), or null for one partition
   * @param kryo borrowed by the caller for the whole task; used to write and read runs
   */
  public ExternalCombiner(EngineTaskContext context, Aggregator<K, V, C> aggregator, Partitioner partitioner, Kryo kryo) {
    super(context);
    this.aggregator = aggregator;
    this.partitioner = partitioner;
    this.numPartitions = partitioner == null ? 1 : partitioner.numPartitions();
    this.kryo = kryo;
    this.mergeFactor = mergeFactor();
  }

  /**
   * A one-partition combiner for code that aggregates inside a task without a shuffle (e.g.
   * combineByKey over input already partitioned alike): borrows a Kryo for the rest of the task.
   */
  public static <K, V, C> ExternalCombiner<K, V, C> forTask(EngineTaskContext context, Aggregator<K, V, C> aggregator) {
    io.spindle.serializer.KryoSerializer serializer = context.env().serializer();
    Kryo kryo = serializer.borrow();
    context.addTaskCompletionListener(() -> serializer.release(kryo));
    return new ExternalCombiner<>(context, aggregator, null, kryo);
  }

  public void insertValue(K key, V value) {
    map.insertValue(key, value, aggregator);
    afterUpdate();
  }

  public void insertCombiner(K key, C combiner) {
    map.insertCombiner(key, combiner, aggregator);
    afterUpdate();
  }

  private void afterUpdate() {
    if (tracker.update()) {
      tracker.sampled(map.estimateBytes(random, SAMPLE_ENTRIES) - map.tableBytes());
    }
    if (sizeCheckDue()) {
      long estimate = map.tableBytes() + tracker.estimate();
      if (shouldSpill(map.size(), estimate)) {
        spill(estimate);
      }
    }
  }

  private void spill(long estimate) {
    CombineMap.SortedEntries sorted = map.drainSorted(partitioner);
    SpillRun run;
    try (SpillWriter writer = new SpillWriter(SpillFiles.create(context, "combine"), kryo, numPartitions,
        SpillFiles.codec(context))) {
      for (int p = sorted.nextPartition(); p >= 0; p = sorted.nextPartition()) {
        sorted.partition(p);
        while (sorted.advance()) {
          writer.write(p, sorted.key(), sorted.value());
        }
      }
      run = writer.finish();
    } finally {
      sorted.release();
    }
    runs.add(run);
    tracker.reset();
    spilled(estimate, run);
  }

  /** Ends inserting; afterwards read each partition once, in increasing order, with {@link #partition}. */
  public void finish() {
    rest = map.drainSorted(partitioner, !runs.isEmpty()); // hash order only matters for a merge
    map = null;
    if (!runs.isEmpty()) {
      List<SpillRun> merged = RunMerger.mergeDown(runs, mergeFactor - 1, numPartitions, kryo, context, "combine",
          cursors -> new CombiningCursor(new MergingCursor(cursors, MergingCursor.byHash()), aggregator.mergeCombiners()));
      readers = new ArrayList<>();
      for (SpillRun r : merged) {
        readers.add(new SpillReader(r, kryo));
      }
      if (context != null) {
        context.addTaskCompletionListener(this::closeReaders);
      }
    }
  }

  /** Combined entries of partition {@code p}: one per key, ordered by key hash. */
  public RecordCursor partition(int p) {
    if (readers == null) {
      return rest.partition(p);
    }
    List<RecordCursor> cursors = new ArrayList<>(readers.size() + 1);
    for (SpillReader r : readers) {
      cursors.add(r.partition(p));
    }
    cursors.add(rest.partition(p));
    return new CombiningCursor(new MergingCursor(cursors, MergingCursor.byHash()), aggregator.mergeCombiners());
  }

  /** All combined entries (for a single-partition combiner); unordered when nothing spilled. */
  public Iterator<Pair<K, C>> iterator() {
    if (runs.isEmpty()) {
      return releasedAtEnd(map); // the common case: no sort needed
    }
    finish();
    RecordCursor cursor = partition(0);
    return RecordCursor.asIterator(cursor, this::close);
  }

  /** The map's entries; at their end the map's table goes to the thread's next map. */
  private static <K, C> Iterator<Pair<K, C>> releasedAtEnd(CombineMap<K, ?, C> map) {
    Iterator<Pair<K, C>> entries = map.iterator();
    return new Iterator<>() {
      private boolean released;

      @Override
      public boolean hasNext() {
        if (released) {
          return false;
        }
        if (entries.hasNext()) {
          return true;
        }
        released = true;
        map.release();
        return false;
      }

      @Override
      public Pair<K, C> next() {
        if (released) {
          throw new java.util.NoSuchElementException();
        }
        return entries.next();
      }
    };
  }

  /**
   * Frees memory, closes run files (spill files themselves go at task end) and hands the drained
   * table to the thread's next map.
   */
  public void close() {
    closeReaders();
    releaseMemory();
    if (rest != null) {
      rest.release();
      rest = null;
    }
  }

  private void closeReaders() {
    if (readers != null) {
      for (SpillReader r : readers) {
        r.close();
      }
    }
  }
}
