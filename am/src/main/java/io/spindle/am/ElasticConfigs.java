package io.spindle.am;

import io.spindle.config.ConfigEntry;
import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import java.util.List;

/**
 * Dynamic allocation's keys, named and meaning as Spark's {@code spark.dynamicAllocation.*}
 * (docs/yarn.md, "Dynamic allocation"). Only the YARN launcher reads them, so they live in the am
 * module next to {@link YarnConfigs}.
 */
public final class ElasticConfigs {
  private ElasticConfigs() {}

  public static final ConfigEntry<Boolean> DYN_ENABLED = ConfigEntry.bool("spindle.dynamicAllocation.enabled", false,
      "Grow and shrink the number of executor containers with the work (YARN); --num-executors becomes the "
      + "initial count. Released executors' map outputs stay served by the NodeManagers' shuffle service.");

  public static final ConfigEntry<Integer> DYN_MIN = ConfigEntry.intInRange("spindle.dynamicAllocation.minExecutors",
      0, 0, Integer.MAX_VALUE, "Executors kept even when idle (dynamic allocation).");

  public static final ConfigEntry<Integer> DYN_MAX = ConfigEntry.positiveInt("spindle.dynamicAllocation.maxExecutors",
      null, "Upper bound of executors (dynamic allocation); default unbounded.");

  public static final ConfigEntry<Integer> DYN_INITIAL = ConfigEntry.intInRange(
      "spindle.dynamicAllocation.initialExecutors", 0, 0, Integer.MAX_VALUE,
      "Executors asked for when the first job has tasks; the start is max(this, minExecutors, --num-executors).");

  public static final ConfigEntry<Long> DYN_IDLE_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.dynamicAllocation.executorIdleTimeout", "60s",
      "An executor that ran no task for this long is released (not below minExecutors).");

  public static final ConfigEntry<Long> DYN_CACHED_IDLE_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.dynamicAllocation.cachedExecutorIdleTimeout", null,
      "Idle timeout of an executor holding cached blocks; default infinity (kept).");

  public static final ConfigEntry<Long> DYN_BACKLOG_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.dynamicAllocation.schedulerBacklogTimeout", "1s",
      "Tasks waiting this long make the target grow (by 1, then 2, 4, ... each sustained timeout).");

  public static final ConfigEntry<Long> DYN_SUSTAINED_BACKLOG_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.dynamicAllocation.sustainedSchedulerBacklogTimeout", null,
      "Interval of the later, doubling increases while tasks still wait; default schedulerBacklogTimeout.");

  public static final List<ConfigEntry<?>> ALL = List.of(DYN_ENABLED, DYN_MIN, DYN_MAX, DYN_INITIAL, DYN_IDLE_TIMEOUT,
      DYN_CACHED_IDLE_TIMEOUT, DYN_BACKLOG_TIMEOUT, DYN_SUSTAINED_BACKLOG_TIMEOUT);

  /** Dynamic allocation's settings, checked; null when it is off. */
  public static DynamicAllocationSettings dynamicAllocationBounds(Settings conf) {
    if (!conf.get(DYN_ENABLED)) {
      return null;
    }
    int min = conf.get(DYN_MIN);
    Integer maxOrNull = conf.get(DYN_MAX);
    int max = maxOrNull == null ? Integer.MAX_VALUE : maxOrNull;
    if (min > max) {
      throw new InvalidConfigException(DYN_MIN.key() + "=" + min + " is above " + DYN_MAX.key() + "=" + max
          + ": the minimum must not exceed the maximum");
    }
    int initial = Math.max(min, conf.get(DYN_INITIAL));
    String instances = conf.get(YarnConfigs.EXECUTOR_INSTANCES.key());
    if (instances != null) { // --num-executors is the initial count under dynamic allocation, as in Spark
      initial = Math.max(initial, YarnConfigs.executorInstances(conf));
    }
    if (initial > max) {
      throw new InvalidConfigException("The initial executors (" + initial + ", from " + DYN_INITIAL.key()
          + ", " + DYN_MIN.key() + " or --num-executors) exceed " + DYN_MAX.key() + "=" + max);
    }
    long idle = positive(conf, DYN_IDLE_TIMEOUT);
    Long cached = conf.get(DYN_CACHED_IDLE_TIMEOUT);
    if (cached != null) {
      positive(conf, DYN_CACHED_IDLE_TIMEOUT);
    }
    long backlog = positive(conf, DYN_BACKLOG_TIMEOUT);
    Long sustained = conf.get(DYN_SUSTAINED_BACKLOG_TIMEOUT);
    if (sustained != null) {
      positive(conf, DYN_SUSTAINED_BACKLOG_TIMEOUT);
    }
    return new DynamicAllocationSettings(min, max, initial, idle, cached == null ? Long.MAX_VALUE : cached, backlog,
        sustained == null ? backlog : sustained);
  }

  private static long positive(Settings conf, ConfigEntry<Long> key) {
    long v = conf.get(key);
    if (v <= 0) {
      throw new InvalidConfigException("Invalid value '" + conf.get(key.key()) + "' for " + key.key()
          + ": expected a duration above 0, such as 500ms or 60s (" + key.doc() + ")");
    }
    return v;
  }

  /** Checked dynamic allocation settings; durations in ms, {@code Long.MAX_VALUE} meaning infinity. */
  public record DynamicAllocationSettings(int minExecutors, int maxExecutors, int initialExecutors,
      long idleTimeoutMs, long cachedIdleTimeoutMs, long backlogTimeoutMs, long sustainedBacklogTimeoutMs) {}
}
