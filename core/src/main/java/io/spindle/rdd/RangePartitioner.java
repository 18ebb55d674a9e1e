package io.spindle.rdd;

import io.spindle.function.Pair;
import io.spindle.function.Partitioner;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Places keys into ranges (sortByKey): partition i holds the keys between bound i-1 (exclusive)
 * and bound i (inclusive), so partitions in index order are sorted ranges. Bounds come from a
 * sample of the keys ({@link RangeBoundsSketch}), weighted so partitions get about equally many
 * records; with fewer distinct keys than asked-for partitions there are fewer partitions (as in
 * Spark). Descending order numbers the ranges from the top.
 *
 * <p>Bounds travel with the shuffle's map tasks, so keys must be Serializable.
 */
public final class RangePartitioner<K> extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final Object[] bounds;
  private final Comparator<? super K> ordering;
  private final boolean ascending;

  /** A partitioner with the given upper bounds, in ascending order of {@code ordering}. */
  public RangePartitioner(Object[] bounds, Comparator<? super K> ordering, boolean ascending) {
    this.bounds = bounds.clone();
    this.ordering = ordering;
    this.ascending = ascending;
  }

  /** Samples the keys of {@code rdd} (one job, sometimes two) and cuts them into {@code partitions} ranges. */
  public static <K> RangePartitioner<K> fromSample(int partitions, RddNode<? extends Pair<K, ?>> rdd,
      Comparator<? super K> ordering, boolean ascending) {
    if (partitions < 1) {
      throw new IllegalArgumentException("Number of partitions must be positive, got " + partitions);
    }
    Object[] bounds = partitions == 1 ? new Object[0] : RangeBoundsSketch.bounds(rdd, partitions, ordering);
    return new RangePartitioner<>(bounds, ordering, ascending);
  }

  @Override
  public int numPartitions() {
    return bounds.length + 1;
  }

  /** The bounds and direction as text (part of the lineage signature: the same sample gives the same text). */
  public String describeBounds() {
    return (ascending ? "asc " : "desc ") + java.util.Arrays.deepToString(bounds);
  }

  /** The first range whose upper bound is >= key (binary search: no allocation per record). */
  @Override
  @SuppressWarnings("unchecked")
  public int getPartition(Object key) {
    K k = (K) key;
    int lo = 0;
    int hi = bounds.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ordering.compare(k, (K) bounds[mid]) > 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return ascending ? lo : bounds.length - lo;
  }

  /** The range bounds, ascending (for tests and debugging). */
  public List<Object> bounds() {
    return List.of(bounds);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangePartitioner<?> r && r.ascending == ascending && Arrays.equals(r.bounds, bounds)
        && r.ordering.equals(ordering);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(bounds), ascending);
  }

  @Override
  public String toString() {
    return "RangePartitioner(" + numPartitions() + (ascending ? ", ascending)" : ", descending)");
  }
}
