package io.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * One preferred location of a task: a host, or a specific executor on a host. Parsed from the
 * strings {@code Rdd.preferredLocations} returns, with Spark's spelling: {@code "host"} or
 * {@code "executor_<host>_<executorId>"} (Spark's ExecutorCacheTaskLocation, for data cached in
 * one executor's memory; the host must not contain '_').
 *
 * <p>The DAG scheduler returns the executor form for partitions an executor has cached (its
 * {@link CacheLocations}, fed by the executors' block reports); the scheduler places those tasks
 * PROCESS_LOCAL.
 */
public record TaskLocation(String host, String executorId) {
  static final String EXECUTOR_PREFIX = "executor_";

  /** Parses one preferred location; {@code host} is normalised with {@code names}. */
  public static TaskLocation parse(String location, HostNormalizer names) {
    if (location.startsWith(EXECUTOR_PREFIX)) {
      String rest = location.substring(EXECUTOR_PREFIX.length());
      int sep = rest.indexOf('_');
      if (sep > 0 && sep < rest.length() - 1) {
        return new TaskLocation(names.normalize(rest.substring(0, sep)), rest.substring(sep + 1));
      }
    }
    return new TaskLocation(names.normalize(location), null);
  }

  /** Parses the preferred locations of each of {@code numTasks} tasks (missing or blank entries: none). */
  static List<List<TaskLocation>> parseAll(List<List<String>> preferred, int numTasks, HostNormalizer names) {
    List<List<TaskLocation>> out = new ArrayList<>(numTasks);
    for (int i = 0; i < numTasks; i++) {
      List<String> strings = preferred == null || i >= preferred.size() ? null : preferred.get(i);
      List<TaskLocation> locations = new ArrayList<>();
      if (strings != null) {
        for (String s : strings) {
          if (s != null && !s.isBlank()) {
            locations.add(parse(s, names));
          }
        }
      }
      out.add(locations);
    }
    return out;
  }

  /** The string form for an input cached on one executor. */
  public static String executorString(String host, String executorId) {
    return EXECUTOR_PREFIX + host + "_" + executorId;
  }

  @Override
  public String toString() {
    return executorId == null ? host : executorString(host, executorId);
  }
}
