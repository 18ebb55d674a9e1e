package io.spindle.rdd;

import io.spindle.function.Pair;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * {@code sampleByKey}: each pair kept with its key's own probability (without replacement) or
 * repeated a Poisson(fraction of its key) number of times (with replacement), from one random stream
 * per partition seeded by the user's seed and the partition index, so retries sample alike.
 */
public final class StratifiedSampling<K> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final HashMap<K, Double> fractions;
  private final boolean withReplacement;
  private final long seed;

  public StratifiedSampling(boolean withReplacement, Map<K, Double> fractions, long seed) {
    for (Map.Entry<K, Double> e : fractions.entrySet()) {
      Double f = e.getValue();
      if (f == null || !(f >= 0) || (!withReplacement && f > 1)) {
        throw new IllegalArgumentException("sampleByKey: the fraction of key " + e.getKey() + " is " + f
            + "; it must be " + (withReplacement ? ">= 0 (the expected number of copies)" : "in [0, 1] (a probability)"));
      }
    }
    this.fractions = new HashMap<>(fractions);
    this.withReplacement = withReplacement;
    this.seed = seed;
  }

  private double fractionOf(K key) {
    Double f = fractions.get(key);
    if (f == null) {
      throw new IllegalArgumentException("sampleByKey: no fraction for key " + key
          + "; the fractions map must name every key of the RDD");
    }
    return f;
  }

  public <V> Iterator<Pair<K, V>> sample(int partitionIndex, Iterator<Pair<K, V>> input) {
    SplittableRandom random = RandomSampling.random(seed, partitionIndex);
    if (!withReplacement) {
      return io.spindle.util.Iterators.filter(input, p -> random.nextDouble() < fractionOf(p.key()));
    }
    return new Iterator<>() {
      private Pair<K, V> current;
      private int copiesLeft;

      @Override
      public boolean hasNext() {
        while (copiesLeft == 0 && input.hasNext()) {
          current = input.next();
          double f = fractionOf(current.key());
          copiesLeft = f <= 0 ? 0 : RandomSampling.poissonDraw(f, random);
        }
        return copiesLeft > 0;
      }

      @Override
      public Pair<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        copiesLeft--;
        return current;
      }
    };
  }

}
