package io.spindle.status;

/**
 * One application attempt as the application list shows it; {@code attemptId} is the YARN
 * attempt ("1", "2", …) or null outside YARN.
 */
public record ApplicationInfo(String id, String name, long startTime, long endTime, String user, boolean completed,
    String attemptId) {

  /** An application without attempts (local mode). */
  public ApplicationInfo(String id, String name, long startTime, long endTime, String user, boolean completed) {
    this(id, name, startTime, endTime, user, completed, null);
  }
}
