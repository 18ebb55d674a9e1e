package io.spindle;

import io.spindle.function.Function;
import io.spindle.function.Pair;
import io.spindle.function.StatCounter;
import io.spindle.function.BoundedDouble;
import io.spindle.function.PartialResult;
import io.spindle.partial.MeanEvaluator;
import io.spindle.partial.SumEvaluator;
import io.spindle.function.StorageLevel;
import io.spindle.rdd.Histograms;
import io.spindle.rdd.KeyOrderings;
import io.spindle.rdd.RddNode;
import java.util.List;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;

/**
 * An RDD of doubles with Spark's numeric actions (Spark's JavaDoubleRDD): {@link #sum()},
 * {@link #stats()} and what it gives — {@link #mean()}, {@link #variance()}, {@link #stdev()},
 * {@link #sampleStdev()}, … — and {@link #histogram(int)} / {@link #histogram(double[])} with
 * Spark's bucket rules. Made by {@code rdd.mapToDouble(f)} or {@link #of(Rdd)}.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public class DoubleRdd extends Rdd<Double> {
  private static final long serialVersionUID = 1L;

  DoubleRdd(RddNode<Double> node) {
    super(node);
  }

  /** Views an RDD of doubles as a DoubleRdd (the same lineage node: no new RDD). */
  public static DoubleRdd of(Rdd<Double> rdd) {
    return rdd instanceof DoubleRdd d ? d : new DoubleRdd(rdd.node);
  }

  // ---------------------------------------------------------------- numeric actions

  /** The sum of the elements (0 for an empty RDD): a fold from 0.0, as Spark's. */
  public double sum() {
    return fold(0.0, Double::sum);
  }

  /**
   * Count, mean, variance, max and min in one job: each task summarises its partition in a
   * {@link StatCounter}, the driver merges the summaries.
   */
  public StatCounter stats() {
    List<StatCounter> partials = context().runJob(this, (tc, it) -> {
      StatCounter c = new StatCounter();
      it.forEachRemaining(c::merge);
      return c;
    });
    StatCounter total = new StatCounter();
    partials.forEach(total::merge);
    return total;
  }

  /** The mean (0 for an empty RDD, as Spark's StatCounter has it). */
  public double mean() {
    return stats().mean();
  }

  /**
   * The sum, or an estimate of it within {@code timeoutMillis} (Spark's {@code sumApprox}): one job
   * of per-partition {@link StatCounter}s merged as tasks finish. With a fraction p of the
   * partitions in, the estimate is the sum so far plus (mean so far) × (count so far · (1−p)/p),
   * bounded through the variance of that product (normal factor above 100 values, Student's t
   * below; unbounded with one value); see {@link Rdd#countApprox(long, double)} for the final value.
   */
  public PartialResult<BoundedDouble> sumApprox(long timeoutMillis, double confidence) {
    checkConfidence(confidence);
    return runApproximateJob(DoubleRdd::statsOf, new SumEvaluator(getNumPartitions(), confidence), timeoutMillis);
  }

  /** {@link #sumApprox(long, double)} with confidence 0.95. */
  public PartialResult<BoundedDouble> sumApprox(long timeoutMillis) {
    return sumApprox(timeoutMillis, DEFAULT_CONFIDENCE);
  }

  /**
   * The mean, or an estimate of it within {@code timeoutMillis} (Spark's {@code meanApprox}): the
   * mean of the partitions done, bounded by its standard error times a normal factor (above 100
   * values) or Student's t; exact mean of an empty RDD 0, as {@link #mean()} and Spark.
   */
  public PartialResult<BoundedDouble> meanApprox(long timeoutMillis, double confidence) {
    checkConfidence(confidence);
    return runApproximateJob(DoubleRdd::statsOf, new MeanEvaluator(getNumPartitions(), confidence), timeoutMillis);
  }

  /** {@link #meanApprox(long, double)} with confidence 0.95. */
  public PartialResult<BoundedDouble> meanApprox(long timeoutMillis) {
    return meanApprox(timeoutMillis, DEFAULT_CONFIDENCE);
  }

  private static StatCounter statsOf(io.spindle.function.TaskContext tc, java.util.Iterator<Double> it) {
    StatCounter c = new StatCounter();
    it.forEachRemaining(c::merge);
    return c;
  }

  /** The population variance (divides by n); NaN when empty. */
  public double variance() {
    return stats().variance();
  }

  /** The population standard deviation; NaN when empty. */
  public double stdev() {
    return stats().stdev();
  }

  /** The sample standard deviation (divides by n - 1); NaN with fewer than two elements. */
  public double sampleStdev() {
    return stats().sampleStdev();
  }

  /** The sample variance (divides by n - 1); NaN with fewer than two elements. */
  public double sampleVariance() {
    return stats().sampleVariance();
  }

  public double popStdev() {
    return stats().popStdev();
  }

  public double popVariance() {
    return stats().popVariance();
  }

  /** The smallest element by {@link Double#compare}; throws if the RDD is empty. */
  public double min() {
    return min(KeyOrderings.natural());
  }

  /** The largest element by {@link Double#compare}; throws if the RDD is empty. */
  public double max() {
    return max(KeyOrderings.natural());
  }

  /**
   * Counts the elements in {@code bucketCount} even buckets between the smallest and the largest
   * element (Spark's rules: boundary s is {@code min + s * (max - min) / bucketCount}, the last is
   * {@code max}; all elements equal: one bucket {@code [min, min]}). Returns the boundaries
   * ({@code bucketCount + 1} of them) and the counts. Throws UnsupportedOperationException for an
   * empty RDD or one holding NaN or ±Infinity. Runs two jobs.
   */
  public Pair<double[], long[]> histogram(int bucketCount) {
    if (bucketCount < 1) {
      throw new IllegalArgumentException("histogram: bucketCount must be >= 1, got " + bucketCount);
    }
    double[] maxMin = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    for (double[] partial : context().runJob(this, (tc, it) -> {
      double[] mm = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
      while (it.hasNext()) {
        double e = it.next();
        mm[0] = Math.max(mm[0], e);
        mm[1] = Math.min(mm[1], e);
      }
      return mm;
    })) {
      maxMin[0] = Math.max(maxMin[0], partial[0]);
      maxMin[1] = Math.min(maxMin[1], partial[1]);
    }
    double max = maxMin[0];
    double min = maxMin[1];
    if (Double.isNaN(min) || Double.isNaN(max) || Double.isInfinite(max) || Double.isInfinite(min)) {
      throw new UnsupportedOperationException(
          "Histogram on either an empty RDD or RDD containing +/-infinity or NaN; filter those out first");
    }
    double[] buckets = Histograms.evenBoundaries(min, max, bucketCount);
    return new Pair<>(buckets, histogram(buckets, true));
  }

  /**
   * Counts the elements per bucket of the sorted boundaries {@code buckets}: {@code [b0, b1)},
   * {@code [b1, b2)}, …, the last bucket closed {@code [b(n-2), b(n-1)]}; elements outside and NaN
   * are not counted. E.g. {@code {1, 10, 20, 50}} gives {@code [1,10) [10,20) [20,50]}.
   */
  public long[] histogram(double[] buckets) {
    return histogram(buckets, false);
  }

  /**
   * As {@link #histogram(double[])}; with {@code evenBuckets} the boundaries are taken to be evenly
   * spaced and an element's bucket is computed rather than searched (Spark's fast path).
   */
  public long[] histogram(double[] buckets, boolean evenBuckets) {
    Histograms.check(buckets);
    int n = buckets.length - 1;
    Histograms.BucketFunction bucketOf = evenBuckets
        ? Histograms.even(buckets[0], buckets[n], n)
        : Histograms.search(buckets);
    long[] total = new long[n];
    for (long[] partial : context().runJob(this, (tc, it) -> {
      long[] counts = new long[n];
      while (it.hasNext()) {
        int b = bucketOf.bucketOf(it.next());
        if (b >= 0) {
          counts[b]++;
        }
      }
      return counts;
    })) {
      for (int i = 0; i < n; i++) {
        total[i] += partial[i];
      }
    }
    return total;
  }

  // ---------------------------------------------------------------- same operations, double-typed results

  @Override
  public DoubleRdd cache() {
    super.cache();
    return this;
  }

  @Override
  public DoubleRdd persist(StorageLevel level) {
    super.persist(level);
    return this;
  }

  @Override
  public DoubleRdd unpersist() {
    super.unpersist();
    return this;
  }

  @Override
  public DoubleRdd filter(Function<Double, Boolean> f) {
    return of(super.filter(f));
  }

  public DoubleRdd union(DoubleRdd other) {
    return of(super.union(other));
  }

  @Override
  public DoubleRdd distinct() {
    return of(super.distinct());
  }

  @Override
  public DoubleRdd distinct(int numPartitions) {
    return of(super.distinct(numPartitions));
  }

  @Override
  public DoubleRdd coalesce(int numPartitions) {
    return of(super.coalesce(numPartitions));
  }

  @Override
  public DoubleRdd coalesce(int numPartitions, boolean shuffle) {
    return of(super.coalesce(numPartitions, shuffle));
  }

  @Override
  public DoubleRdd repartition(int numPartitions) {
    return of(super.repartition(numPartitions));
  }

  @Override
  public DoubleRdd sample(boolean withReplacement, double fraction) {
    return of(super.sample(withReplacement, fraction));
  }

  @Override
  public DoubleRdd sample(boolean withReplacement, double fraction, long seed) {
    return of(super.sample(withReplacement, fraction, seed));
  }

}
