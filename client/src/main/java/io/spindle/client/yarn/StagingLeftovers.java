package io.spindle.client.yarn;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.EnumSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * Removes the staging dirs ({@code <stagingBase>/<appId>}) of applications that ended without
 * removing theirs. The AM removes its dir when it unregisters and a client that sees its
 * application end removes it too; but an application whose last AM attempt died (a killed
 * container, a lost node) while no client followed it ({@code --no-wait}, a killed client) left its
 * dir for good, with the application's files, its journals and, if one was shipped, its keytab.
 *
 * <p>Once a day per user (the file {@link #MARKER} in the user's file cache dir records when), a
 * submitting client asks the ResourceManager about each other application dir of the base that
 * was not modified for a day ({@link #verdict} is the rule): an application that ended is removed; one
 * the ResourceManager does not know is removed if this ResourceManager issued its id (same cluster
 * timestamp: it ended long ago and was forgotten, or was never submitted), else (another
 * ResourceManager, or this one before a restart) only once unmodified for
 * {@code spindle.yarn.cache.maxUnusedAge}; every other one is kept.
 */
final class StagingLeftovers {
  /** In the user's file cache dir: its modification time says when the user's last sweep ran. */
  static final String MARKER = ".last-staging-sweep";
  /** A dir modified this recently is left alone (its application may be starting, or its own removal running). */
  static final long YOUNG_MS = CacheRetention.PASS_INTERVAL_MS;

  /** What the ResourceManager says about an application: its state, or null if it does not know it. */
  interface ApplicationStates {
    YarnApplicationState stateOf(ApplicationId app) throws IOException;
  }

  private static final EnumSet<YarnApplicationState> ENDED = EnumSet.of(YarnApplicationState.FINISHED,
      YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private StagingLeftovers() {}

  /**
   * If the user's last sweep is a day old: removes the dirs under {@code base} of applications that
   * ended, except {@code current}'s; returns how many, or -1 if no sweep was due.
   */
  static int sweep(FileSystem fs, Path base, Path markerDir, ApplicationId current, ApplicationStates rm,
      CacheRetention retention) throws IOException {
    long now = System.currentTimeMillis();
    Path marker = new Path(markerDir, MARKER);
    try {
      if (now - fs.getFileStatus(marker).getModificationTime() <= CacheRetention.PASS_INTERVAL_MS) {
        return -1;
      }
    } catch (FileNotFoundException e) {
      // never swept
    }
    fs.create(marker, true).close();
    int removed = 0;
    for (FileStatus dir : fs.listStatus(base)) {
      ApplicationId app = applicationIdOf(dir);
      if (app == null || app.equals(current) || now - dir.getModificationTime() <= YOUNG_MS) {
        continue;
      }
      if (verdict(app, dir.getModificationTime(), current, rm.stateOf(app), retention, now)) {
        try {
          if (fs.delete(dir.getPath(), true)) {
            removed++;
          }
        } catch (AccessControlException e) {
          // another user's, in a shared staging base: theirs to remove
        }
      }
    }
    return removed;
  }

  /**
   * Whether the staging dir of {@code app}, last modified at {@code modified} and over a day old,
   * is removed, given its ResourceManager state ({@code null}: unknown to the ResourceManager that
   * issued {@code current}).
   */
  static boolean verdict(ApplicationId app, long modified, ApplicationId current, YarnApplicationState state,
      CacheRetention retention, long now) {
    if (state != null) {
      return ENDED.contains(state);
    }
    if (app.getClusterTimestamp() == current.getClusterTimestamp()) {
      return true;
    }
    return retention.removes() && now - modified > retention.maxUnusedAgeMs();
  }

  private static ApplicationId applicationIdOf(FileStatus dir) {
    if (!dir.isDirectory() || !dir.getPath().getName().startsWith(ApplicationId.appIdStrPrefix)) {
      return null;
    }
    try {
      return ApplicationId.fromString(dir.getPath().getName());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
