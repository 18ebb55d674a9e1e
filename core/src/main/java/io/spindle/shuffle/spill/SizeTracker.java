package io.spindle.shuffle.spill;

/**
 * Spark's SizeTracker idea: measure a collection's content only at exponentially spaced update
 * counts (every 10% more updates) and extrapolate in between from the bytes-per-update seen
 * between the last two samples. Per update it costs a few arithmetic operations.
 */
final class SizeTracker {
  private static final double SAMPLE_GROWTH = 1.1;

  private long updates;
  private long nextSampleAt = 1;
  private long lastSampleUpdates;
  private long lastSampleBytes;
  private double bytesPerUpdate;

  /** Counts one update; true if a new sample is due (then call {@link #sampled}). */
  boolean update() {
    return ++updates >= nextSampleAt;
  }

  void sampled(long bytes) {
    if (updates > lastSampleUpdates && lastSampleUpdates > 0) {
      bytesPerUpdate = Math.max(0, (double) (bytes - lastSampleBytes) / (updates - lastSampleUpdates));
    }
    lastSampleBytes = bytes;
    lastSampleUpdates = updates;
    nextSampleAt = (long) Math.ceil(updates * SAMPLE_GROWTH) + 1;
  }

  long estimate() {
    return lastSampleBytes + (long) ((updates - lastSampleUpdates) * bytesPerUpdate);
  }

  /** After a spill the collection is empty: start sampling afresh (the rate is kept as a prior). */
  void reset() {
    updates = 0;
    nextSampleAt = 1;
    lastSampleUpdates = 0;
    lastSampleBytes = 0;
  }
}
