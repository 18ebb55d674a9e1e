package io.spindle.am;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unregisters the ApplicationMaster once, and, as Spark's AM does, also when the JVM exits before
 * the driver ended: a user main that calls {@code System.exit} would otherwise kill the AM before
 * it unregisters, and YARN would report a crashed container (or start another attempt). The
 * shutdown hook cannot know the exit code, so it unregisters FAILED with a message saying why,
 * and only on the last attempt (on others, YARN's retry is what a crashed or preempted AM wants).
 */
final class Unregistration {
  private static final Logger LOG = LoggerFactory.getLogger(Unregistration.class);
  static final String EARLY_EXIT = "The ApplicationMaster's JVM exited before the driver's main returned: the main "
      + "called System.exit (on YARN, return from main or throw instead) or the AM container was stopped";

  /** Unregisters with the ResourceManager (and cleans up after the application). */
  interface Action {
    void unregister(FinalApplicationStatus status, String diagnostics) throws Exception;
  }

  private final AtomicBoolean done = new AtomicBoolean();
  private final Action action;

  Unregistration(Action action) {
    this.action = action;
  }

  /** Unregisters unless that happened already; true if this call did. */
  boolean unregister(FinalApplicationStatus status, String diagnostics) throws Exception {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    action.unregister(status, diagnostics);
    return true;
  }

  /** The shutdown hook: FAILED with {@link #EARLY_EXIT} if nothing unregistered yet and this is the last attempt. */
  Thread exitHook(boolean lastAttempt) {
    return new Thread(() -> {
      if (done.get() || !lastAttempt) {
        return;
      }
      LOG.error("{}; unregistering FAILED", EARLY_EXIT);
      try {
        unregister(FinalApplicationStatus.FAILED, EARLY_EXIT);
      } catch (Exception e) {
        LOG.error("Could not unregister from the shutdown hook", e);
      }
    }, "spindle-am-exit-hook");
  }
}
