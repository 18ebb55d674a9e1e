package io.spindle.scheduler;

import io.spindle.function.SpindleListener;
import io.spindle.util.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named queue of the {@link ListenerBus} and the daemon thread that delivers its events to its
 * listeners, in posting order (Spark's AsyncEventQueue). The queue is bounded: when it is full an
 * event is dropped, counted and warned about (the first drop at once, then at most once a minute
 * with the count), so a slow listener never holds the scheduler up. A listener that throws is
 * logged and keeps receiving events.
 */
final class AsyncEventQueue {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncEventQueue.class);
  static final long DROP_REPORT_INTERVAL_MS = 60_000;
  private static final ListenerEvent POISON = new ListenerEvent(0, l -> {});

  private final String name;
  private final int capacity;
  private final Clock clock;
  private final BlockingQueue<ListenerEvent> queue;
  private final List<SpindleListener> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  /** Posted and not yet delivered to every listener (so {@link #waitUntilEmpty} sees the one in hand). */
  private final AtomicLong undelivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final Object emptyLock = new Object();
  private long droppedAtLastReport;
  private long lastReportMillis;
  private volatile boolean stopped;

  AsyncEventQueue(String name, int capacity, Clock clock) {
    this.name = name;
    this.capacity = capacity;
    this.clock = clock;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "spindle-listener-bus-" + name);
    this.thread.setDaemon(true);
  }

  String name() {
    return name;
  }

  void addListener(SpindleListener listener) {
    listeners.add(listener);
  }

  boolean isEmptyOfListeners() {
    return listeners.isEmpty();
  }

  void start() {
    thread.start();
  }

  /** Queues the event, or drops and counts it when the queue is full; never blocks. */
  void post(ListenerEvent event) {
    if (stopped) {
      return;
    }
    undelivered.incrementAndGet();
    if (queue.offer(event)) {
      return;
    }
    markDelivered(); // it never will be
    long n = dropped.incrementAndGet();
    if (n == 1) {
      LOG.warn("Dropping event from listener queue '{}' (capacity {}): its listeners are slower than the scheduler. "
          + "Raise spindle.scheduler.listenerbus.eventqueue.capacity or make the listeners faster.", name, capacity);
    }
    reportDrops(false);
  }

  /** At most once a minute: how many events were dropped since the last report. */
  private synchronized void reportDrops(boolean always) {
    long now = clock.currentTimeMillis();
    long total = dropped.get();
    if (total > droppedAtLastReport && (always || now - lastReportMillis >= DROP_REPORT_INTERVAL_MS)) {
      LOG.warn("Dropped {} event(s) from listener queue '{}' since {} ({} in total)", total - droppedAtLastReport, name,
          lastReportMillis == 0 ? "it started" : new java.util.Date(lastReportMillis), total);
      droppedAtLastReport = total;
      lastReportMillis = now;
    }
  }

  long droppedCount() {
    return dropped.get();
  }

  long deliveredCount() {
    return delivered.get();
  }

  private void run() {
    try {
      while (true) {
        ListenerEvent event = queue.take();
        if (event == POISON) {
          return;
        }
        for (SpindleListener listener : listeners) {
          try {
            if (listener instanceof EngineListener engine) {
              engine.onEventTime(event.timeMillis());
            }
            event.delivery().accept(listener);
          } catch (RuntimeException e) {
            LOG.warn("Listener {} failed on queue '{}'", listener, name, e);
          }
        }
        delivered.incrementAndGet();
        markDelivered();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void markDelivered() {
    if (undelivered.decrementAndGet() == 0) {
      synchronized (emptyLock) {
        emptyLock.notifyAll();
      }
    }
  }

  /** Waits until every event posted so far was delivered; false on timeout. */
  boolean waitUntilEmpty(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (emptyLock) {
      while (undelivered.get() > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        emptyLock.wait(Math.min(left, 100));
      }
    }
    return true;
  }

  /**
   * Delivers what is queued (waiting up to {@code timeoutMillis}), then ends the thread; events
   * still queued after that are abandoned and counted in the log. Later posts are ignored.
   */
  void stop(long timeoutMillis) throws InterruptedException {
    boolean drained = waitUntilEmpty(timeoutMillis);
    stopped = true;
    if (drained) {
      queue.put(POISON); // empty queue: there is room
      thread.join(timeoutMillis);
    } else {
      LOG.warn("Listener queue '{}' still had {} undelivered event(s) after {} ms; abandoning them", name,
          undelivered.get(), timeoutMillis);
      thread.interrupt();
      thread.join(1_000);
    }
    reportDrops(true);
  }
}
