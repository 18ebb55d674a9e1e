package io.spindle.eventlog;

/**
 * Event-log file names, as Spark's history server expects them: {@code <appId>[_<attemptId>]},
 * then {@code .snappy} when compressed, then {@code .inprogress} while the application runs (the
 * suffix goes when it ends).
 */
public final class EventLogFiles {
  public static final String IN_PROGRESS = ".inprogress";
  public static final String SNAPPY = ".snappy";

  private EventLogFiles() {}

  /** The final name of an application attempt's log. */
  public static String logName(String appId, String attemptId, boolean compressed) {
    String base = sanitize(appId) + (attemptId == null || attemptId.isEmpty() ? "" : "_" + sanitize(attemptId));
    return base + (compressed ? SNAPPY : "");
  }

  public static boolean isInProgress(String fileName) {
    return fileName.endsWith(IN_PROGRESS);
  }

  public static boolean isCompressed(String fileName) {
    return withoutInProgress(fileName).endsWith(SNAPPY);
  }

  public static String withoutInProgress(String fileName) {
    return isInProgress(fileName) ? fileName.substring(0, fileName.length() - IN_PROGRESS.length()) : fileName;
  }

  /** Spark's sanitize: characters that are unsafe in a path become '-' and the name is lower-cased. */
  static String sanitize(String s) {
    return s.replaceAll("[ :/]", "-").replaceAll("[.${}'\"]", "_").toLowerCase(java.util.Locale.ROOT);
  }
}
