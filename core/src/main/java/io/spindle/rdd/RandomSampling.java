package io.spindle.rdd;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Per-partition samplers for {@code sample} and for the range partitioner's sketch. Each is
 * seeded from the user's seed and the partition index only, so a sample is the same on every
 * run and on every retry of a task.
 */
public final class RandomSampling {
  private RandomSampling() {}

  /** The random stream of one partition: differs between partitions, repeats for the same seed. */
  public static SplittableRandom random(long seed, int partitionIndex) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (partitionIndex + 1L)));
  }

  /** Without replacement: keeps each element with probability {@code fraction}, independently. */
  public static <T> Iterator<T> bernoulli(Iterator<T> input, double fraction, SplittableRandom random) {
    if (fraction <= 0) {
      return Collections.emptyIterator();
    }
    if (fraction >= 1) {
      return input;
    }
    return io.spindle.util.Iterators.filter(input, x -> random.nextDouble() < fraction);
  }

  /** With replacement: emits each element a Poisson({@code fraction})-distributed number of times. */
  public static <T> Iterator<T> poisson(Iterator<T> input, double fraction, SplittableRandom random) {
    if (fraction <= 0) {
      return Collections.emptyIterator();
    }
    return new Iterator<>() {
      private T current;
      private int copiesLeft;

      @Override
      public boolean hasNext() {
        while (copiesLeft == 0 && input.hasNext()) {
          current = input.next();
          copiesLeft = poissonDraw(fraction, random);
        }
        return copiesLeft > 0;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        copiesLeft--;
        return current;
      }
    };
  }

  /**
   * A Poisson(mean) draw by Knuth's product of uniforms, in chunks of mean at most 32 so that
   * e^-mean never underflows (a sum of Poisson draws is Poisson with the summed mean).
   */
  static int poissonDraw(double mean, SplittableRandom random) {
    int total = 0;
    double left = mean;
    while (left > 0) {
      double chunk = Math.min(left, 32.0);
      left -= chunk;
      double limit = Math.exp(-chunk);
      double product = random.nextDouble();
      while (product > limit) {
        total++;
        product *= random.nextDouble();
      }
    }
    return total;
  }

  /** Checks sample()'s fraction the way Spark does, with a message that says what is allowed. */
  public static void checkFraction(boolean withReplacement, double fraction) {
    if (withReplacement) {
      if (!(fraction >= 0)) {
        throw new IllegalArgumentException("sample with replacement: fraction is the expected number of copies "
            + "of each element and must be >= 0, got " + fraction);
      }
    } else if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("sample without replacement: fraction is the probability of keeping "
          + "each element and must be in [0, 1], got " + fraction);
    }
  }
}
