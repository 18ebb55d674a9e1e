package io.spindle.am;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM options of the containers Spindle starts on YARN: what every AM and executor command line
 * carries, then the user's {@code spindle.driver.extraJavaOptions} /
 * {@code spindle.executor.extraJavaOptions} (later options win in HotSpot, so users can undo a
 * default).
 */
public final class JvmOptions {
  private JvmOptions() {}

  /**
   * The ApplicationMaster's: C1 only. The driver schedules, serializes tasks and reads results; it
   * computes little, so C2's compile time (competing with start-up on the container's cores) does
   * not pay back: measured on the issue-6 benchmark, AM start and the driver's own steps about
   * halved. Executors get none: they run the tasks, where C2's code matters (opt in with
   * spindle.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 for short jobs).
   */
  public static final List<String> AM_DEFAULTS = List.of("-XX:TieredStopAtLevel=1");

  /** The options of {@code value}, split at whitespace (no quoting: an option cannot hold a space). */
  public static List<String> parse(String value) {
    List<String> options = new ArrayList<>();
    if (value != null) {
      for (String s : value.trim().split("\\s+")) {
        if (!s.isEmpty()) {
          options.add(s);
        }
      }
    }
    return options;
  }
}
