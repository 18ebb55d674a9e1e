package io.spindle.am;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * How often the ApplicationMaster heartbeats to the ResourceManager from registration on.
 *
 * <p>A container request reaches the ResourceManager with the AM's next heartbeat, and Hadoop's
 * {@code AMRMClientAsync} takes a new interval only after the sleep in progress (it cannot be
 * woken, unlike Spark's allocator thread, which a new request wakes). The driver's first request
 * comes when its first job has tasks, a few hundred ms after registration; at the normal 1 s
 * interval it waited for a heartbeat already scheduled, 0.5 s on average (docs/benchmarks.md,
 * issue 15, "Waiting for the heartbeat"). So the AM starts at the fast interval the executor
 * launcher uses while requests are outstanding, and the launcher takes over at its first change
 * ({@link #set}: fast while requests are outstanding, normal once none is). If nothing took over
 * within {@link #STARTUP_WINDOW_MS} (a driver with no executor containers, or a late first job)
 * the AM falls back to the normal interval: a few dozen extra heartbeats at most.
 */
final class HeartbeatPace {
  /** How long the AM heartbeats fast after registering unless the executor launcher takes over. */
  static final long STARTUP_WINDOW_MS = 10_000;

  private final IntConsumer interval;
  private final int normalMs;
  private boolean launcherInCharge; // guarded by this

  /**
   * @param interval sets the RM client's heartbeat interval ({@code AMRMClientAsync::setHeartbeatInterval})
   * @param normalMs the interval once the start-up window is over
   */
  HeartbeatPace(IntConsumer interval, int normalMs) {
    this.interval = interval;
    this.normalMs = normalMs;
  }

  /** The interval to create the RM client with: requests made soon after registration are sent soon. */
  static int initialMs() {
    return YarnExecutorLauncher.FAST_HEARTBEAT_MS;
  }

  /** Falls back to the normal interval {@code windowMs} from now unless the launcher took over by then. */
  void startWindow(long windowMs) {
    CompletableFuture.delayedExecutor(windowMs, TimeUnit.MILLISECONDS).execute(this::windowOver);
  }

  /** The executor launcher's choice: from now on it sets the interval. */
  synchronized void set(int intervalMs) {
    launcherInCharge = true;
    interval.accept(intervalMs);
  }

  synchronized void windowOver() {
    if (!launcherInCharge) {
      interval.accept(normalMs);
    }
  }
}
