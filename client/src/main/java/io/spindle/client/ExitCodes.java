package io.spindle.client;

import io.spindle.function.JobFailedException;
import io.spindle.function.TaskNotSerializableException;
import io.spindle.config.InvalidConfigException;
import io.spindle.io.InputPathException;
import io.spindle.io.OutputExistsException;

/**
 * Exit codes of spindle-submit, for shells, Oozie and Airflow. Documented in README.md; keep
 * them stable.
 */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int SUCCESS = 0;
  /** The application's main threw something not classified below. */
  public static final int APPLICATION_FAILED = 1;
  /** Bad command line: unknown flag, missing or unreadable jar, unknown class. */
  public static final int USAGE = 2;
  /** A malformed configuration value (--conf, properties file, or code). */
  public static final int INVALID_CONFIG = 3;
  /** An input path does not exist or a glob matches nothing. */
  public static final int INPUT_MISSING = 4;
  /** The output path exists already. */
  public static final int OUTPUT_EXISTS = 5;
  /** A job failed: a task failed spindle.task.maxFailures times, or a closure was not serializable. */
  public static final int JOB_FAILED = 6;

  /** yarn: the application FAILED and no driver exception says why (the AM crashed or was lost). */
  public static final int YARN_APP_FAILED = 7;
  /** yarn: the application was KILLED (--kill, yarn application -kill, or the RM). */
  public static final int YARN_APP_KILLED = 8;
  /** yarn: the submission itself failed (ResourceManager unreachable, upload failed, refused by the RM). */
  public static final int YARN_SUBMISSION_FAILED = 9;
  /** yarn: the application stayed ACCEPTED past spindle.yarn.acceptTimeout; the client killed it. */
  public static final int YARN_ACCEPT_TIMEOUT = 10;
  /**
   * yarn, Kerberos: the cluster is secured and the client has no credentials (no ticket cache, no
   * --principal/--keytab, no HADOOP_TOKEN_FILE_LOCATION); refused before anything is staged. A
   * refused submission, hence the same code as {@link #YARN_SUBMISSION_FAILED}.
   */
  public static final int NO_KERBEROS_CREDENTIALS = YARN_SUBMISSION_FAILED;
  /**
   * yarn, Kerberos: the job outlived its delegation tokens and the AM had no keytab to get new ones
   * (submit with --principal/--keytab). The AM reports it as {@code DelegationTokensExpiredException}.
   */
  public static final int TOKENS_EXPIRED = 11;

  /** The exit code for an exception that escaped the application's main. */
  public static int classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      int code = classify(c.getClass());
      if (code != APPLICATION_FAILED) {
        return code;
      }
    }
    return APPLICATION_FAILED;
  }

  /**
   * The same classification for an exception known only by its class names, outermost first, as
   * the ApplicationMaster reports a driver's failure. Names this JVM cannot load (user classes)
   * count as unclassified.
   */
  public static int classifyClassNames(java.util.List<String> causeChain) {
    for (String name : causeChain) {
      try {
        int code = classify(Class.forName(name.trim(), false, ExitCodes.class.getClassLoader()));
        if (code != APPLICATION_FAILED) {
          return code;
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // a user exception: not one of ours
      }
    }
    return APPLICATION_FAILED;
  }

  private static int classify(Class<?> c) {
    if (InvalidConfigException.class.isAssignableFrom(c)) {
      return INVALID_CONFIG;
    }
    if (InputPathException.class.isAssignableFrom(c)) {
      return INPUT_MISSING;
    }
    if (OutputExistsException.class.isAssignableFrom(c)) {
      return OUTPUT_EXISTS;
    }
    if (io.spindle.am.DelegationTokensExpiredException.class.isAssignableFrom(c)) { // first: a job failed because of it
      return TOKENS_EXPIRED;
    }
    if (JobFailedException.class.isAssignableFrom(c) || TaskNotSerializableException.class.isAssignableFrom(c)) {
      return JOB_FAILED;
    }
    return APPLICATION_FAILED;
  }
}
