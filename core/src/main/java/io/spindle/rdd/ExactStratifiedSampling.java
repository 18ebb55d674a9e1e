package io.spindle.rdd;

import io.spindle.function.Pair;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * {@code sampleByKeyExact}: for every key {@code k} with {@code n_k} pairs, exactly
 * {@code s_k = ceil(n_k * fraction_k)} pairs, drawn uniformly without or with replacement.
 *
 * <p>Why it is exact. Every pair gets random "points" from a stream seeded by the user's seed and its
 * partition index (so a recomputed partition, e.g. a retried task, gets the same points):
 * without replacement one uniform {@code u} in [0, 1); with replacement the arrival times of a
 * rate-1 Poisson process, each arrival being one copy of the pair. The sample of a key is its
 * {@code s_k} smallest points, so it has exactly {@code s_k} elements: without replacement a uniform
 * subset of size {@code s_k}; with replacement the first {@code s_k} arrivals of the key's merged
 * process, each of which picks one of its {@code n_k} pairs uniformly and independently, i.e.
 * {@code s_k} draws with replacement. Points are totally ordered by (value, partition, position in
 * the partition, copy), so even equal doubles never make the count differ. The returned RDD keeps,
 * per key, the points at or below that key's threshold (the {@code s_k}-th smallest point).
 *
 * <p>What it costs. The thresholds are found eagerly, when {@code sampleByKeyExact} is called, as
 * Spark's ScaSRS ({@code StratifiedSamplingUtils}) does: one job counts the pairs of every key; one
 * job then counts, per key, the points below a lower bound and sends back only the points between
 * the lower and the upper bound (a "waitlist" of about {@code sqrt(s_k log(1/delta))} values per key,
 * never all pairs of a key), from which the driver picks the threshold. The bounds come from
 * Spark's binomial / Poisson concentration bounds with {@code delta = 5e-5}; in the rare case the
 * threshold falls outside them, one more such job runs for those keys only, on the narrowed interval.
 * So the input is computed at least three times (count, waitlist, the sample itself): persist it if
 * that is dear. As in Spark, the input's partitions must be deterministic (same pairs, same order).
 */
public final class ExactStratifiedSampling<K> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Spark's failure probability for one bound of one key. */
  private static final double DELTA = 5e-5;
  /** After this many passes a closed interval is scanned whole, which always settles it. */
  private static final int WHOLE_INTERVAL_AFTER = 3;
  private static final int MAX_PASSES = 64;

  /** Per key with a non-empty sample: its last point kept. Keys absent keep nothing. */
  private final HashMap<K, Point> thresholds;
  private final boolean withReplacement;
  private final long seed;

  private ExactStratifiedSampling(HashMap<K, Point> thresholds, boolean withReplacement, long seed) {
    this.thresholds = thresholds;
    this.withReplacement = withReplacement;
    this.seed = seed;
  }

  /** A point of a pair, in the total order that decides ties. */
  record Point(double value, int partition, long position, long copy) implements Comparable<Point>, Serializable {
    /** The largest point with a value below {@code x}: "keep every point {@code < x}". */
    static Point below(double x) {
      return new Point(Math.nextDown(x), Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    @Override
    public int compareTo(Point o) {
      int c = Double.compare(value, o.value);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(partition, o.partition);
      if (c != 0) {
        return c;
      }
      c = Long.compare(position, o.position);
      return c != 0 ? c : Long.compare(copy, o.copy);
    }
  }

  /** What a pass looks at for one key: points in [lo, accept) are counted, in [accept, upper) sent back. */
  private record Window(double lo, double accept, double upper) implements Serializable {}

  /** One key's result of a pass (per partition, then merged on the driver). */
  private static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    long accepted;
    ArrayList<Point> waitlist = new ArrayList<>();
  }

  /** The driver's search for one key's threshold: {@code need} more points lie in [lo, hi). */
  private static final class Search {
    final long records;
    long need;
    double lo;
    double hi;
    /** Points in [lo, hi), or -1 while hi is infinite (with replacement, before a first overshoot). */
    long inside;
    Window window;

    Search(long records, long need, double hi, long inside) {
      this.records = records;
      this.need = need;
      this.hi = hi;
      this.inside = inside;
    }
  }

  /**
   * Validates {@code fractions} and runs the jobs that fix every key's threshold (see the class
   * comment). Throws IllegalArgumentException for a fraction out of range or a key of the RDD
   * without a fraction.
   */
  public static <K, V> ExactStratifiedSampling<K> prepare(RddNode<Pair<K, V>> rdd, boolean withReplacement,
      Map<K, Double> fractions, long seed) {
    return prepare(rdd, withReplacement, fractions, seed, DELTA, 1.0);
  }

  /**
   * {@link #prepare(RddNode, boolean, Map, long)} with other bounds: the failure probability
   * {@code delta} of the binomial bounds and a factor on the width of the Poisson bounds. Narrow
   * bounds (a large delta, a small factor) make the extra passes frequent; tests use them to check
   * that the result stays exact then.
   */
  public static <K, V> ExactStratifiedSampling<K> prepare(RddNode<Pair<K, V>> rdd, boolean withReplacement,
      Map<K, Double> fractions, long seed, double delta, double poissonWidth) {
    if (!(delta > 0 && delta < 1) || !(poissonWidth > 0)) {
      throw new IllegalArgumentException("sampleByKeyExact: delta must be in (0, 1) and the width > 0");
    }
    for (Map.Entry<K, Double> e : fractions.entrySet()) {
      Double f = e.getValue();
      if (f == null || !(f >= 0) || Double.isInfinite(f) || (!withReplacement && f > 1)) {
        throw new IllegalArgumentException("sampleByKeyExact: the fraction of key " + e.getKey() + " is " + f
            + "; it must be " + (withReplacement ? "finite and >= 0 (the sample's size over the key's count)"
                : "in [0, 1] (the share of the key's pairs to keep)"));
      }
    }
    HashMap<K, Point> thresholds = new HashMap<>();
    if (rdd.partitions().length == 0) {
      return new ExactStratifiedSampling<>(thresholds, withReplacement, seed);
    }
    HashMap<K, Long> counts = countByKey(rdd);
    HashMap<K, Search> searches = new HashMap<>();
    for (Map.Entry<K, Long> e : counts.entrySet()) {
      K key = e.getKey();
      Double f = fractions.get(key);
      if (f == null) {
        throw new IllegalArgumentException("sampleByKeyExact: no fraction for key " + key
            + "; the fractions map must name every key of the RDD");
      }
      long n = e.getValue();
      double size = Math.ceil(n * f);
      if (size > Long.MAX_VALUE / 4) {
        throw new IllegalArgumentException("sampleByKeyExact: the sample of key " + key + " would have "
            + size + " pairs");
      }
      long s = withReplacement ? (long) size : Math.min((long) size, n);
      if (s == 0) {
        continue;
      }
      if (!withReplacement && s == n) {
        thresholds.put(key, Point.below(1.0)); // every u is < 1
        continue;
      }
      searches.put(key, withReplacement ? new Search(n, s, Double.POSITIVE_INFINITY, -1) : new Search(n, s, 1.0, n));
    }
    for (int pass = 0; !searches.isEmpty(); pass++) {
      if (pass == MAX_PASSES) {
        throw new IllegalStateException("sampleByKeyExact: no threshold after " + pass + " passes for keys "
            + searches.keySet());
      }
      HashMap<K, Window> windows = new HashMap<>();
      for (Map.Entry<K, Search> e : searches.entrySet()) {
        Search search = e.getValue();
        search.window = window(search, pass >= WHOLE_INTERVAL_AFTER, delta, poissonWidth);
        windows.put(e.getKey(), search.window);
      }
      HashMap<K, Tally> tallies = scan(rdd, windows, withReplacement, seed);
      for (Iterator<Map.Entry<K, Search>> it = searches.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<K, Search> e = it.next();
        Point threshold = settle(e.getValue(), tallies.get(e.getKey()));
        if (threshold != null) {
          thresholds.put(e.getKey(), threshold);
          it.remove();
        }
      }
    }
    return new ExactStratifiedSampling<>(thresholds, withReplacement, seed);
  }

  /** Pairs per key: a map per partition, merged on the driver as the tasks finish (no shuffle). */
  private static <K, V> HashMap<K, Long> countByKey(RddNode<Pair<K, V>> rdd) {
    HashMap<K, Long> counts = new HashMap<>();
    int[] all = allPartitions(rdd);
    rdd.context().runJob(rdd, (tc, it) -> {
      HashMap<K, Long> partial = new HashMap<>();
      while (it.hasNext()) {
        partial.merge(it.next().key(), 1L, Long::sum);
      }
      return partial;
    }, all, (index, partial) -> {
      synchronized (counts) {
        partial.forEach((k, c) -> counts.merge(k, c, Long::sum));
      }
    });
    return counts;
  }

  /** One waitlist pass over the keys still searched; the other keys' points are drawn and ignored. */
  private static <K, V> HashMap<K, Tally> scan(RddNode<Pair<K, V>> rdd, HashMap<K, Window> windows,
      boolean withReplacement, long seed) {
    HashMap<K, Tally> merged = new HashMap<>();
    rdd.context().runJob(rdd, (tc, it) -> {
      int partition = tc.partitionId();
      SplittableRandom random = RandomSampling.random(seed, partition);
      HashMap<K, Tally> partial = new HashMap<>();
      for (long position = 0; it.hasNext(); position++) {
        K key = it.next().key();
        if (!withReplacement) {
          double u = random.nextDouble();
          Window w = windows.get(key);
          if (w != null && u >= w.lo() && u < w.upper()) {
            add(partial, key, w, new Point(u, partition, position, 0));
          }
        } else {
          SplittableRandom arrivals = random.split(); // one split per pair, whatever its key
          Window w = windows.get(key);
          if (w == null) {
            continue;
          }
          double t = 0;
          for (long copy = 0; ; copy++) {
            t = nextArrival(t, arrivals);
            if (t >= w.upper()) {
              break;
            }
            if (t >= w.lo()) {
              add(partial, key, w, new Point(t, partition, position, copy));
            }
          }
        }
      }
      return partial;
    }, allPartitions(rdd), (index, partial) -> {
      synchronized (merged) {
        partial.forEach((k, tally) -> {
          Tally into = merged.computeIfAbsent(k, x -> new Tally());
          into.accepted += tally.accepted;
          into.waitlist.addAll(tally.waitlist);
        });
      }
    });
    return merged;
  }

  private static <K> void add(HashMap<K, Tally> partial, K key, Window w, Point point) {
    Tally tally = partial.computeIfAbsent(key, x -> new Tally());
    if (point.value() < w.accept()) {
      tally.accepted++;
    } else {
      tally.waitlist.add(point);
    }
  }

  /** The next arrival of a rate-1 Poisson process after {@code t}: an Exp(1) gap (never -0.0). */
  private static double nextArrival(double t, SplittableRandom random) {
    return t + (0.0 - Math.log(1.0 - random.nextDouble()));
  }

  /** Where the threshold almost surely is, given what is known of the key's points. */
  private static Window window(Search s, boolean whole, double delta, double poissonWidth) {
    double accept;
    double upper;
    if (s.inside < 0) {
      // [lo, inf): the points above lo are a Poisson process of rate n; we need its need-th arrival.
      accept = s.lo + poissonLower(s.need, poissonWidth) / s.records;
      upper = s.lo + poissonUpper(s.need, poissonWidth) / s.records;
    } else if (whole) {
      accept = s.lo;
      upper = s.hi;
    } else {
      // `inside` points, uniform and independent in [lo, hi) given their count: binomial bounds.
      double q = (double) s.need / s.inside;
      accept = s.lo + (s.hi - s.lo) * binomialLower(s.inside, q, delta);
      upper = s.lo + (s.hi - s.lo) * binomialUpper(s.inside, q, delta);
      accept = Math.min(Math.max(accept, s.lo), s.hi);
      upper = Math.min(Math.max(upper, accept), s.hi);
    }
    return new Window(s.lo, accept, Math.max(upper, accept));
  }

  /** The threshold if this pass found it, else null with the search narrowed to where it must be. */
  private static Point settle(Search s, Tally tally) {
    long accepted = tally == null ? 0 : tally.accepted;
    ArrayList<Point> waitlist = tally == null ? new ArrayList<>() : tally.waitlist;
    Window w = s.window;
    if (accepted > s.need) {
      s.hi = w.accept();
      s.inside = accepted;
    } else if (accepted + waitlist.size() >= s.need) {
      int fromWaitlist = (int) (s.need - accepted);
      if (fromWaitlist == 0) {
        return Point.below(w.accept());
      }
      Collections.sort(waitlist);
      return waitlist.get(fromWaitlist - 1);
    } else {
      long seen = accepted + waitlist.size();
      s.need -= seen;
      s.lo = w.upper();
      if (s.inside >= 0) {
        s.inside -= seen;
      }
    }
    if (s.inside == s.need) {
      return Point.below(s.hi); // every point left in [lo, hi)
    }
    return null;
  }

  // Spark's bounds (BinomialBounds, PoissonBounds): for `need` successes, a lower rate almost never
  // reaches it and an upper rate almost always does.

  static double binomialLower(long n, double fraction, double delta) {
    double gamma = -Math.log(delta) / n * (2.0 / 3.0);
    return Math.max(0, fraction + gamma - Math.sqrt(gamma * gamma + 3 * gamma * fraction));
  }

  static double binomialUpper(long n, double fraction, double delta) {
    double gamma = -Math.log(delta) / n;
    return Math.min(1, fraction + gamma + Math.sqrt(gamma * gamma + 2 * gamma * fraction));
  }

  static double poissonLower(double s, double width) {
    return Math.max(s - width * poissonStd(s) * Math.sqrt(s), 1e-15);
  }

  static double poissonUpper(double s, double width) {
    return Math.max(s + width * poissonStd(s) * Math.sqrt(s), 1e-10);
  }

  private static double poissonStd(double s) {
    return s < 6 ? 12 : s < 16 ? 9 : 6;
  }

  private static int[] allPartitions(RddNode<?> rdd) {
    int[] all = new int[rdd.partitions().length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  /** The sample of one partition: its pairs whose points are at or below their key's threshold. */
  public <V> Iterator<Pair<K, V>> sample(int partition, Iterator<Pair<K, V>> input) {
    SplittableRandom random = RandomSampling.random(seed, partition);
    return new Iterator<>() {
      private long position;
      private Pair<K, V> current;
      private long copiesLeft;

      @Override
      public boolean hasNext() {
        while (copiesLeft == 0 && input.hasNext()) {
          current = input.next();
          long pos = position++;
          if (!withReplacement) {
            double u = random.nextDouble();
            Point threshold = thresholds.get(current.key());
            copiesLeft = threshold != null && atOrBelow(u, partition, pos, 0, threshold) ? 1 : 0;
          } else {
            SplittableRandom arrivals = random.split();
            Point threshold = thresholds.get(current.key());
            if (threshold == null) {
              continue;
            }
            double t = 0;
            for (long copy = 0; ; copy++) {
              t = nextArrival(t, arrivals);
              if (!atOrBelow(t, partition, pos, copy, threshold)) {
                break;
              }
              copiesLeft++;
            }
          }
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

  private static boolean atOrBelow(double value, int partition, long position, long copy, Point threshold) {
    if (value != threshold.value()) {
      return value < threshold.value();
    }
    return new Point(value, partition, position, copy).compareTo(threshold) <= 0;
  }
}
