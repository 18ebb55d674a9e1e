package io.spindle.scheduler;

import io.spindle.config.Settings;
import io.spindle.function.TaskLocality;
import io.spindle.config.SpindleConfigs;

/**
 * How long a task set waits at each locality level before relaxing to the next (Spark's
 * spark.locality.wait and its .process/.node/.rack overrides), in milliseconds.
 */
public record LocalityWaits(long processMillis, long nodeMillis, long rackMillis) {
  /** No delay scheduling: every set launches at the best level a free slot allows. */
  public static final LocalityWaits NONE = new LocalityWaits(0, 0, 0);

  public static LocalityWaits fromConf(Settings conf) {
    long wait = conf.get(SpindleConfigs.LOCALITY_WAIT);
    return new LocalityWaits(orElse(conf.get(SpindleConfigs.LOCALITY_WAIT_PROCESS), wait),
        orElse(conf.get(SpindleConfigs.LOCALITY_WAIT_NODE), wait),
        orElse(conf.get(SpindleConfigs.LOCALITY_WAIT_RACK), wait));
  }

  private static long orElse(Long value, long fallback) {
    return value != null ? value : fallback;
  }

  /** The wait at {@code level}; NO_PREF and ANY never wait. */
  long at(TaskLocality level) {
    return switch (level) {
      case PROCESS_LOCAL -> processMillis;
      case NODE_LOCAL -> nodeMillis;
      case RACK_LOCAL -> rackMillis;
      case NO_PREF, ANY -> 0;
    };
  }
}
