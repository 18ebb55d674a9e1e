package io.spindle.cluster;

/**
 * Environment variables through which a driver tells an executor process where to connect and
 * what it is. The secret travels here, never on the command line (visible to every user in ps).
 */
public final class ExecutorEnvironment {
  private ExecutorEnvironment() {}

  public static final String DRIVER = "SPINDLE_DRIVER_ADDRESS"; // host:port
  public static final String APP_ID = "SPINDLE_APP_ID";
  public static final String APP_SECRET = "SPINDLE_APP_SECRET"; // base64
  public static final String EXECUTOR_ID = "SPINDLE_EXECUTOR_ID";
  public static final String EXECUTOR_HOST = "SPINDLE_EXECUTOR_HOST";
  public static final String EXECUTOR_CORES = "SPINDLE_EXECUTOR_CORES";
  public static final String LOCAL_DIRS = "SPINDLE_LOCAL_DIRS"; // separated by File.pathSeparator
  public static final String SHUFFLE_SERVICE = "SPINDLE_SHUFFLE_SERVICE"; // host:port
}
