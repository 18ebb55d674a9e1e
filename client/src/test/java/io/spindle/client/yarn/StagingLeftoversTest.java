package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which staging dirs a sweep removes, with the ResourceManager's answers given by a map (the real
 * ResourceManager: YarnSubmitIT#frameworkJarsAreUploadedOnceForConsecutiveSubmissions).
 */
class StagingLeftoversTest {
  private static final long DAY = 86_400_000L;
  private static final long THIS_RM = 1_700_000_000_000L;
  private static final ApplicationId CURRENT = ApplicationId.newInstance(THIS_RM, 50);
  private static final CacheRetention THIRTY_DAYS = new CacheRetention(30 * DAY);

  @TempDir
  Path tmp;

  @Test
  void endedApplicationsGoRunningOnesStayUnknownOnesByWhoIssuedThem() {
    long now = System.currentTimeMillis();
    long old = now - 3 * DAY;
    for (YarnApplicationState ended : new YarnApplicationState[] {YarnApplicationState.FINISHED,
        YarnApplicationState.FAILED, YarnApplicationState.KILLED}) {
      assertTrue(verdict(app(THIS_RM, 1), old, ended, THIRTY_DAYS, now), ended.name());
    }
    for (YarnApplicationState live : new YarnApplicationState[] {YarnApplicationState.NEW,
        YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED,
        YarnApplicationState.RUNNING}) {
      assertFalse(verdict(app(THIS_RM, 1), now - 300 * DAY, live, THIRTY_DAYS, now), live.name());
    }
    assertTrue(verdict(app(THIS_RM, 2), old, null, THIRTY_DAYS, now), "issued by this RM, forgotten: ended long ago");
    assertFalse(verdict(app(THIS_RM - 5, 2), old, null, THIRTY_DAYS, now), "another RM's, 3 days: kept");
    assertTrue(verdict(app(THIS_RM - 5, 2), now - 31 * DAY, null, THIRTY_DAYS, now), "another RM's, 31 days");
    assertFalse(verdict(app(THIS_RM - 5, 2), now - 310 * DAY, null, new CacheRetention(0), now), "0 keeps them");
  }

  @Test
  void aSweepRemovesTheDirsOfEndedApplicationsOnceADay() throws Exception {
    long now = System.currentTimeMillis();
    Path base = Files.createDirectories(tmp.resolve("staging"));
    Path files = Files.createDirectories(base.resolve(".files-alice"));
    Path current = dir(base, CURRENT.toString(), now - 3 * DAY); // its own: never, however old
    Path finished = dir(base, app(THIS_RM, 1).toString(), now - 3 * DAY);
    Path running = dir(base, app(THIS_RM, 2).toString(), now - 3 * DAY);
    Path justFailed = dir(base, app(THIS_RM, 3).toString(), now - 3_600_000L); // an hour ago: its client may be removing it
    Path forgotten = dir(base, app(THIS_RM, 4).toString(), now - 3 * DAY);
    Path otherRm = dir(base, app(THIS_RM - 9, 1).toString(), now - 3 * DAY);
    Path notAnApp = dir(base, "application_notes", now - 300 * DAY);
    Map<ApplicationId, YarnApplicationState> rm = Map.of(app(THIS_RM, 1), YarnApplicationState.FINISHED,
        app(THIS_RM, 2), YarnApplicationState.RUNNING, app(THIS_RM, 3), YarnApplicationState.FAILED,
        CURRENT, YarnApplicationState.ACCEPTED);

    FileSystem fs = FileSystem.getLocal(new Configuration());
    assertEquals(2, sweep(fs, base, files, rm));
    assertEquals(names(files, current, running, justFailed, otherRm, notAnApp), list(base));
    assertTrue(Files.exists(files.resolve(StagingLeftovers.MARKER)));

    Path killedLater = dir(base, app(THIS_RM, 5).toString(), now - 3 * DAY);
    Map<ApplicationId, YarnApplicationState> later = new java.util.HashMap<>(rm);
    later.put(app(THIS_RM, 5), YarnApplicationState.KILLED);
    assertEquals(-1, sweep(fs, base, files, later), "one sweep a day");
    assertTrue(Files.exists(killedLater));
    Files.setLastModifiedTime(files.resolve(StagingLeftovers.MARKER), FileTime.fromMillis(now - 25 * 3_600_000L));
    assertEquals(1, sweep(fs, base, files, later));
    assertFalse(Files.exists(killedLater));
    assertTrue(Files.exists(running) && Files.exists(justFailed));
    assertFalse(Files.exists(finished) || Files.exists(forgotten));
  }

  private static int sweep(FileSystem fs, Path base, Path files, Map<ApplicationId, YarnApplicationState> rm)
      throws Exception {
    return StagingLeftovers.sweep(fs, hadoop(base), hadoop(files), CURRENT, rm::get, THIRTY_DAYS);
  }

  private static boolean verdict(ApplicationId app, long modified, YarnApplicationState state, CacheRetention retention,
      long now) {
    return StagingLeftovers.verdict(app, modified, CURRENT, state, retention, now);
  }

  private static ApplicationId app(long clusterTimestamp, int id) {
    return ApplicationId.newInstance(clusterTimestamp, id);
  }

  /** A staging dir with a file in it, last modified at {@code modified}. */
  private static Path dir(Path base, String name, long modified) throws Exception {
    Path dir = Files.createDirectories(base.resolve(name));
    Files.writeString(dir.resolve("app.jar"), "jar");
    Files.setLastModifiedTime(dir, FileTime.fromMillis(modified));
    return dir;
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  private static Set<String> names(Path... paths) {
    Set<String> names = new TreeSet<>();
    for (Path p : paths) {
      names.add(p.getFileName().toString());
    }
    return names;
  }

  private static Set<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> names = new TreeSet<>();
      s.forEach(p -> names.add(p.getFileName().toString()));
      return names;
    }
  }
}
