package io.spindle.am;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * How the user's main ended, as the AM tells the ResourceManager. A failure's diagnostics carry
 * the exception's class and message, its causes, the first frames of the root cause, and a last
 * line {@value #CAUSE_CHAIN_PREFIX}{@code a.B,c.D} that the client maps to its exit codes.
 */
public record DriverOutcome(FinalApplicationStatus status, String diagnostics) {
  public static final String CAUSE_CHAIN_PREFIX = "Spindle cause chain: ";
  private static final int FRAMES = 10;

  public static DriverOutcome succeeded() {
    return new DriverOutcome(FinalApplicationStatus.SUCCEEDED, "");
  }

  public static DriverOutcome failed(String mainClass, Throwable failure) {
    StringBuilder sb = new StringBuilder("User class ").append(mainClass).append(" threw ").append(failure)
        .append('\n');
    List<String> chain = new ArrayList<>();
    chain.add(failure.getClass().getName());
    Throwable root = failure;
    for (Throwable c = failure.getCause(); c != null && c != root; c = c.getCause()) {
      sb.append("Caused by: ").append(c).append('\n');
      chain.add(c.getClass().getName());
      root = c;
    }
    StackTraceElement[] frames = root.getStackTrace();
    for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
      sb.append("\tat ").append(frames[i]).append('\n');
    }
    sb.append(CAUSE_CHAIN_PREFIX).append(String.join(",", chain));
    return new DriverOutcome(FinalApplicationStatus.FAILED, sb.toString());
  }

  /**
   * A configuration the AM refuses before running the main: the message (which names the key) and
   * the cause chain the client maps to exit code 3.
   */
  public static DriverOutcome invalidConfiguration(io.spindle.config.InvalidConfigException e) {
    return new DriverOutcome(FinalApplicationStatus.FAILED, "Invalid configuration, the driver's main was not run: "
        + e.getMessage() + "\n" + CAUSE_CHAIN_PREFIX + e.getClass().getName());
  }

  public boolean isSuccess() {
    return status == FinalApplicationStatus.SUCCEEDED;
  }
}
