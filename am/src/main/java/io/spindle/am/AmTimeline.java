package io.spindle.am;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall-clock (epoch ms) milestones of this ApplicationMaster, logged as one {@code Timeline:} INFO
 * line when it unregisters, so that where a submission's time goes can be read from real events
 * (bench/yarn-submit.sh parses the line from the AM's container log). Recording is a few atomic
 * writes per application, not per record.
 */
final class AmTimeline {
  static final AmTimeline INSTANCE = new AmTimeline();
  private static final Logger LOG = LoggerFactory.getLogger(AmTimeline.class);

  /** In the order they normally happen; the line lists them in this order. */
  enum Milestone {
    AM_JVM_START("amJvmStart"),
    REGISTERED("registered"),
    FIRST_CONTAINER_REQUESTED("firstContainerRequested"),
    FIRST_CONTAINER_ALLOCATED("firstContainerAllocated"),
    LAST_CONTAINER_ALLOCATED("lastContainerAllocated"),
    FIRST_JOB_START("firstJobStart"),
    LAST_JOB_END("lastJobEnd"),
    UNREGISTERING("unregistering");

    final String key;

    Milestone(String key) {
      this.key = key;
    }
  }

  private final AtomicLongArray times = new AtomicLongArray(Milestone.values().length);

  private AmTimeline() {
    times.set(Milestone.AM_JVM_START.ordinal(), ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** Records now unless the milestone was recorded before (a "first" milestone). */
  void first(Milestone m) {
    times.compareAndSet(m.ordinal(), 0, System.currentTimeMillis());
  }

  /** Records now, replacing an earlier time (a "last" milestone). */
  void last(Milestone m) {
    times.set(m.ordinal(), System.currentTimeMillis());
  }

  long get(Milestone m) {
    return times.get(m.ordinal());
  }

  /** {@code Timeline: amJvmStart=<ms> registered=<ms> ...}, milestones not reached left out. */
  String line() {
    StringBuilder s = new StringBuilder("Timeline:");
    for (Milestone m : Milestone.values()) {
      long t = times.get(m.ordinal());
      if (t != 0) {
        s.append(' ').append(m.key).append('=').append(t);
      }
    }
    return s.toString();
  }

  void log() {
    LOG.info("{}", line());
  }
}
