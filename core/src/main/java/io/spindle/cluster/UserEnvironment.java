package io.spindle.cluster;

import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Environment variables a user adds to executor processes, Spark's {@code spark.executorEnv.*}:
 * {@code spindle.executorEnv.<NAME>=value}, for every executor a launcher starts (local-cluster's
 * JVMs, YARN's containers; in {@code local[N]} tasks run in the driver's process and see its
 * environment). The YARN AM's own variables ({@code spindle.yarn.appMasterEnv.*}) are parsed by the
 * same rules ({@link #withPrefix}).
 *
 * <p>Names Spindle sets itself ({@code CLASSPATH}, {@code SPINDLE_*}, {@code HADOOP_USER_NAME},
 * {@code HADOOP_TOKEN_FILE_LOCATION}) are refused: overriding them would break the process, not
 * configure it. Values are not secret-safe: a YARN container's launch script, which holds them, is
 * copied into its log dir.
 */
public final class UserEnvironment {
  public static final String EXECUTOR_PREFIX = "spindle.executorEnv.";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("CLASSPATH", "HADOOP_USER_NAME", "HADOOP_TOKEN_FILE_LOCATION");

  private UserEnvironment() {}

  /** Every executor's added variables (name → value, by name). */
  public static Map<String, String> forExecutors(Settings conf) {
    return withPrefix(conf, EXECUTOR_PREFIX);
  }

  /**
   * The variables of the keys {@code <prefix><NAME>}; throws an {@link InvalidConfigException} naming
   * the first key whose name is malformed or one Spindle sets itself.
   */
  public static Map<String, String> withPrefix(Settings conf, String prefix) {
    Map<String, String> env = new TreeMap<>();
    for (Map.Entry<String, String> e : conf.getAll().entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String name = e.getKey().substring(prefix.length());
      if (!NAME.matcher(name).matches()) {
        throw new InvalidConfigException("Invalid key " + e.getKey() + ": '" + name + "' is not an environment "
            + "variable name (letters, digits and _, not starting with a digit)");
      }
      if (RESERVED.contains(name) || name.startsWith("SPINDLE_")) {
        throw new InvalidConfigException("Invalid key " + e.getKey() + ": Spindle sets " + name + " in its "
            + "containers itself" + (name.equals("CLASSPATH") ? " (add jars with --jars)" : ""));
      }
      env.put(name, e.getValue());
    }
    return env;
  }
}
