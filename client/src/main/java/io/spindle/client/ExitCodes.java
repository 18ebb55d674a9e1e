package io.spindle.client;

import io.spindle.JobFailedException;
import io.spindle.TaskNotSerializableException;
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

  /** The exit code for an exception that escaped the application's main. */
  public static int classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InvalidConfigException) {
        return INVALID_CONFIG;
      }
      if (c instanceof InputPathException) {
        return INPUT_MISSING;
      }
      if (c instanceof OutputExistsException) {
        return OUTPUT_EXISTS;
      }
      if (c instanceof JobFailedException || c instanceof TaskNotSerializableException) {
        return JOB_FAILED;
      }
    }
    return APPLICATION_FAILED;
  }
}
