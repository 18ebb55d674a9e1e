package io.spindle.util;

/**
 * Time as the scheduler sees it. Production code uses {@link #SYSTEM}; unit tests pass a manual
 * clock they advance by hand, so locality waits, heartbeat timeouts and retries are tested without
 * sleeping.
 */
public interface Clock {
  /** Monotonic time for measuring intervals, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Wall-clock time for timestamps shown to people, as {@link System#currentTimeMillis()}. */
  long currentTimeMillis();

  /** The JVM's clocks. */
  Clock SYSTEM = new Clock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
      return System.currentTimeMillis();
    }
  };
}
