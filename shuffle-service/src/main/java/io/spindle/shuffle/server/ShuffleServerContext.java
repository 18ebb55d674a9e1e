package io.spindle.shuffle.server;

/**
 * Everything the per-connection handlers share, created once per server: settings, the
 * registry, the path guard, the load limiter and the counters. The references never change; the
 * objects they point to are thread-safe.
 */
public final class ShuffleServerContext {
  final ShuffleServerSettings settings;
  final ApplicationRegistry registry;
  final PathGuard pathGuard;
  final LoadLimiter limiter;
  final ServerCounters counters;

  public ShuffleServerContext(ShuffleServerSettings settings, ApplicationRegistry registry,
      ServerCounters counters) {
    this.settings = settings;
    this.registry = registry;
    this.pathGuard = new PathGuard(settings.allowedRoots());
    this.limiter = new LoadLimiter(settings.maxOpenFiles(), settings.maxConcurrentStreams());
    this.counters = counters;
  }

  public ApplicationRegistry registry() {
    return registry;
  }

  public ServerCounters counters() {
    return counters;
  }
}
