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
  /**
   * Where the secret is when {@link #APP_SECRET} is not set: a secret key of this alias in the
   * process's Hadoop credentials (a YARN container's HADOOP_TOKEN_FILE_LOCATION). On a Kerberos
   * cluster the YARN AM sends it so, beside the delegation tokens: NodeManagers copy a container's
   * environment (launch_container.sh) into its logs.
   */
  public static final String SECRET_CREDENTIALS_ALIAS = "spindle.application.secret";
  public static final String EXECUTOR_ID = "SPINDLE_EXECUTOR_ID";
  public static final String EXECUTOR_HOST = "SPINDLE_EXECUTOR_HOST";
  public static final String EXECUTOR_CORES = "SPINDLE_EXECUTOR_CORES";
  public static final String LOCAL_DIRS = "SPINDLE_LOCAL_DIRS"; // separated by File.pathSeparator
  public static final String SHUFFLE_SERVICE = "SPINDLE_SHUFFLE_SERVICE"; // host:port
}
