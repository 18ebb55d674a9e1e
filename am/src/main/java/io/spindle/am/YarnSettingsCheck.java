package io.spindle.am;

import io.spindle.config.ConfigEntry;
import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;
import java.util.List;

/**
 * Every check of an application's {@code spindle.*} settings that needs no cluster: each known key
 * parses, and counts, sizes and durations are in range (no negative executor count, no zero heap,
 * dynamic allocation's bounds in order). The client runs it before anything is staged (exit 3, the
 * key named), and the ApplicationMaster runs it again right after it registered, so a value that
 * reached it anyway (an older client, a setting made in code cannot be seen here) fails the
 * application FAILED at once with the key named instead of killing the AM on a later thread.
 */
public final class YarnSettingsCheck {
  private YarnSettingsCheck() {}

  /** Throws an {@link InvalidConfigException} naming the first key whose value is malformed or out of range. */
  public static void check(Settings conf) {
    for (ConfigEntry<?> e : SpindleConfigs.ALL) {
      conf.get(e);
    }
    for (ConfigEntry<?> e : YarnConfigs.ALL) {
      conf.get(e);
    }
    for (ConfigEntry<?> e : ElasticConfigs.ALL) {
      conf.get(e);
    }
    for (ConfigEntry<?> e : RecoveryConfigs.ALL) {
      conf.get(e);
    }
    YarnConfigs.executorInstances(conf);
    YarnConfigs.durationMillis(YarnConfigs.ACCEPT_TIMEOUT.key(), conf.get(YarnConfigs.ACCEPT_TIMEOUT));
    YarnConfigs.durationMillis(YarnConfigs.REPORT_INTERVAL.key(), conf.get(YarnConfigs.REPORT_INTERVAL));
    YarnConfigs.cacheMaxUnusedAgeMillis(conf);
    for (ConfigEntry<Long> heap : List.of(YarnConfigs.DRIVER_MEMORY, YarnConfigs.EXECUTOR_MEMORY)) {
      if (conf.get(heap) < (1L << 20)) {
        throw new InvalidConfigException("Invalid value '" + conf.get(heap.key()) + "' for " + heap.key()
            + ": a heap needs at least 1m (e.g. 512m or 2g)");
      }
    }
    ElasticConfigs.dynamicAllocationBounds(conf);
    ContainerEnvironment.check(conf);
    for (ConfigEntry<String> label : List.of(YarnConfigs.AM_NODE_LABEL_EXPRESSION,
        YarnConfigs.EXECUTOR_NODE_LABEL_EXPRESSION)) {
      String value = conf.get(label);
      if (value != null && (value.contains("&&") || value.contains("||"))) { // YARN's AMRMClient refuses these
        throw new InvalidConfigException("Invalid value '" + value + "' for " + label.key()
            + ": YARN takes a single node label here (e.g. etl), not an expression of several");
      }
    }
  }
}
