package io.spindle.rdd;

import io.spindle.function.Pair;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses range bounds from a weighted sample of keys, as Spark's RangePartitioner does: one job
 * reservoir-samples about the same number of keys from every partition and counts it; each
 * sampled key then stands for (partition size / sample size) records. A partition much larger
 * than the others would be under-represented by its reservoir, so those are sampled again at the
 * global fraction in a second job. Bounds are cut where the running weight crosses each
 * 1/partitions step.
 */
final class RangeBoundsSketch {
  private RangeBoundsSketch() {}

  /** Keys wanted in the whole sample per output partition (Spark's constant). */
  private static final double SAMPLE_PER_PARTITION = 20.0;
  private static final double MAX_SAMPLE = 1e6;
  private static final long SEED = 0x5EED_0F_5A4L;

  /** What the sketch job returns for one partition: its record count and a uniform sample of its keys. */
  private record PartitionSketch(int partition, long count, ArrayList<Object> sample) implements Serializable {}

  private record WeightedKey(Object key, double weight) {}

  static <K> Object[] bounds(RddNode<? extends Pair<K, ?>> rdd, int partitions, Comparator<? super K> ordering) {
    int inputPartitions = rdd.getNumPartitions();
    if (inputPartitions == 0) {
      return new Object[0];
    }
    double sampleSize = Math.min(SAMPLE_PER_PARTITION * partitions, MAX_SAMPLE);
    // Over-sample by 3x, since partitions may be of unequal size.
    int perPartition = (int) Math.ceil(3.0 * sampleSize / inputPartitions);
    List<PartitionSketch> sketches = rdd.context().runJob(rdd, (tc, it) ->
        reservoir(tc.partitionId(), it, perPartition, RandomSampling.random(SEED, tc.partitionId())));

    long numItems = 0;
    for (PartitionSketch s : sketches) {
      numItems += s.count();
    }
    if (numItems == 0) {
      return new Object[0];
    }
    double fraction = Math.min(sampleSize / numItems, 1.0);
    List<WeightedKey> candidates = new ArrayList<>();
    List<Integer> imbalanced = new ArrayList<>();
    for (PartitionSketch s : sketches) {
      if (fraction * s.count() > perPartition) {
        imbalanced.add(s.partition());
      } else if (!s.sample().isEmpty()) {
        double weight = (double) s.count() / s.sample().size();
        for (Object key : s.sample()) {
          candidates.add(new WeightedKey(key, weight));
        }
      }
    }
    if (!imbalanced.isEmpty()) {
      int[] ids = imbalanced.stream().mapToInt(Integer::intValue).toArray();
      List<ArrayList<Object>> resampled = rdd.context().runJob(rdd, (tc, it) -> {
        ArrayList<Object> keys = new ArrayList<>();
        Iterator<? extends Pair<K, ?>> kept = RandomSampling.bernoulli(it, fraction,
            RandomSampling.random(SEED + 1, tc.partitionId()));
        kept.forEachRemaining(p -> keys.add(p.key()));
        return keys;
      }, ids);
      double weight = 1.0 / fraction;
      for (ArrayList<Object> keys : resampled) {
        for (Object key : keys) {
          candidates.add(new WeightedKey(key, weight));
        }
      }
    }
    return determineBounds(candidates, Math.min(partitions, candidates.size()), ordering);
  }

  /** Uniform sample of up to {@code k} keys of a partition, and how many records it has. */
  private static <K> PartitionSketch reservoir(int partition, Iterator<? extends Pair<K, ?>> it, int k,
      SplittableRandom random) {
    ArrayList<Object> sample = new ArrayList<>(Math.min(k, 1024));
    long seen = 0;
    while (it.hasNext()) {
      Object key = it.next().key();
      seen++;
      if (sample.size() < k) {
        sample.add(key);
      } else {
        long slot = random.nextLong(seen);
        if (slot < k) {
          sample.set((int) slot, key);
        }
      }
    }
    return new PartitionSketch(partition, seen, sample);
  }

  @SuppressWarnings("unchecked")
  static <K> Object[] determineBounds(List<WeightedKey> candidates, int partitions,
      Comparator<? super K> ordering) {
    List<WeightedKey> ordered = new ArrayList<>(candidates);
    ordered.sort((a, b) -> ordering.compare((K) a.key(), (K) b.key()));
    double sumWeights = 0;
    for (WeightedKey c : ordered) {
      sumWeights += c.weight();
    }
    double step = sumWeights / partitions;
    double cumWeight = 0;
    double target = step;
    List<Object> bounds = new ArrayList<>();
    Object previous = null;
    for (int i = 0; i < ordered.size() && bounds.size() < partitions - 1; i++) {
      WeightedKey c = ordered.get(i);
      cumWeight += c.weight();
      if (cumWeight >= target) {
        // Equal keys must land in one partition: never repeat a bound.
        if (bounds.isEmpty() || ordering.compare((K) c.key(), (K) previous) > 0) {
          bounds.add(c.key());
          target += step;
          previous = c.key();
        }
      }
    }
    return bounds.toArray();
  }
}
