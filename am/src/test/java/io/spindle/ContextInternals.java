package io.spindle;

import io.spindle.scheduler.SchedulerBackend;

/** Lets the AM's tests see which backend a context runs (package-private in core). */
public final class ContextInternals {
  private ContextInternals() {}

  public static SchedulerBackend backend(SpindleContext ctx) {
    return ctx.schedulerBackend();
  }
}
