package io.spindle.scheduler;

import io.spindle.function.SpindleListener;
import io.spindle.util.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Carries scheduler events from the DAG scheduler's thread to listeners on other threads
 * (Spark's LiveListenerBus): each named queue ({@link #APP_STATUS}, {@link #EVENT_LOG},
 * {@link #SHARED}) has its own bounded queue and delivery thread, so a slow user listener delays
 * neither the status UI nor the event log, and none of them delays scheduling: a full queue drops
 * the event and counts it. {@link #waitUntilEmpty} lets tests and shutdown wait for delivery.
 */
public final class ListenerBus {
  /** The status store behind the UI and REST API. */
  public static final String APP_STATUS = "appStatus";
  /** The event log writer. */
  public static final String EVENT_LOG = "eventLog";
  /** User listeners ({@code spindle.extraListeners}, {@code addListener}), the scheduler log, the AM's progress. */
  public static final String SHARED = "shared";

  private final int capacity;
  private final Clock clock;
  private final Map<String, AsyncEventQueue> queues = new ConcurrentHashMap<>();
  private volatile boolean started;

  /** @param capacity events each queue holds before it drops ({@code spindle.scheduler.listenerbus.eventqueue.capacity}) */
  public ListenerBus(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Adds a listener to the named queue (created on first use; started at once if the bus runs). */
  public synchronized void addToQueue(String queueName, SpindleListener listener) {
    AsyncEventQueue queue = queues.computeIfAbsent(queueName, n -> {
      AsyncEventQueue q = new AsyncEventQueue(n, capacity, clock);
      if (started) {
        q.start();
      }
      return q;
    });
    queue.addListener(listener);
  }

  public synchronized void start() {
    if (!started) {
      started = true;
      queues.values().forEach(AsyncEventQueue::start);
    }
  }

  /** Posts an event to every queue, stamped with the current time; never blocks. */
  public void post(Consumer<SpindleListener> delivery) {
    ListenerEvent event = new ListenerEvent(clock.currentTimeMillis(), delivery);
    for (AsyncEventQueue queue : queues.values()) {
      queue.post(event);
    }
  }

  /** Waits until every event posted so far reached every listener; false when {@code timeoutMillis} passed first. */
  public boolean waitUntilEmpty(long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    try {
      for (AsyncEventQueue queue : queues.values()) {
        if (!queue.waitUntilEmpty(Math.max(0, deadline - System.currentTimeMillis()))) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Events the named queue dropped because it was full (0 for an unknown queue). */
  public long droppedCount(String queueName) {
    AsyncEventQueue queue = queues.get(queueName);
    return queue == null ? 0 : queue.droppedCount();
  }

  /** Events the named queue delivered to all its listeners. */
  public long deliveredCount(String queueName) {
    AsyncEventQueue queue = queues.get(queueName);
    return queue == null ? 0 : queue.deliveredCount();
  }

  /**
   * Delivers what each queue holds, giving each up to {@code timeoutMillis}, and stops the
   * threads; what a stuck listener has not taken by then is abandoned (and logged).
   */
  public void stop(long timeoutMillis) {
    try {
      for (AsyncEventQueue queue : queues.values()) {
        queue.stop(timeoutMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
