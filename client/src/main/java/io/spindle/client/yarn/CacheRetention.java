package io.spindle.client.yarn;

import io.spindle.am.YarnConfigs;
import org.apache.hadoop.fs.FileStatus;

/**
 * When a file of the jar cache or of a user's file cache ({@link ContentAddressedDir}) counts as
 * unused, and so may be removed: the policy alone, no I/O.
 *
 * <p>A file's last use is the later of its access and modification times in the cluster's
 * filesystem. A NodeManager reads a cached file only once (it keeps its own copy), so reads do not
 * keep that time fresh; each submission does, by setting the access time of every file it ships
 * whose last use is over {@link #MARK_AFTER_MS} old (so a file in daily use costs one NameNode call
 * a day, not one per submission; the modification time must stay as it is, containers localize a
 * file by it). A pass that removes files unused for longer than {@code spindle.yarn.cache.maxUnusedAge}
 * runs at most once per {@link #PASS_INTERVAL_MS} per directory, recorded by the modification time
 * of the directory's {@link #MARKER} file; it also removes temp files of uploads abandoned over a day
 * ago (a client killed mid-upload). A running application's AM marks its own cached files once a
 * day as well ({@code io.spindle.am.CachedFilesInUse}), so its later containers still find them.
 */
record CacheRetention(long maxUnusedAgeMs) {
  /** A shipped file's access time is set again once its last use is this old (a running AM sets it this often too). */
  static final long MARK_AFTER_MS = YarnConfigs.CACHE_MARK_INTERVAL_MS;
  /** At most one removal pass per directory in this time. */
  static final long PASS_INTERVAL_MS = 24 * 3_600_000L;
  /** The file whose modification time says when the directory's last removal pass ran. */
  static final String MARKER = ".last-removal-pass";

  /** From {@code spindle.yarn.cache.maxUnusedAge}; an {@link io.spindle.config.InvalidConfigException} naming it if malformed or below 1d. */
  static CacheRetention of(io.spindle.config.Settings conf) {
    return new CacheRetention(YarnConfigs.cacheMaxUnusedAgeMillis(conf));
  }

  /** Whether files are ever removed (0 keeps them all). */
  boolean removes() {
    return maxUnusedAgeMs > 0;
  }

  static long lastUse(FileStatus file) {
    return Math.max(file.getAccessTime(), file.getModificationTime());
  }

  /** Whether a submission that ships {@code file} sets its access time again. */
  static boolean needsMark(FileStatus file, long now) {
    return now - lastUse(file) > MARK_AFTER_MS;
  }

  /** Whether a removal pass is due, given the directory's marker file (null: there is none). */
  boolean passDue(FileStatus marker, long now) {
    return removes() && (marker == null || now - marker.getModificationTime() > PASS_INTERVAL_MS);
  }

  /** Whether a pass removes {@code file}: a temp file of an abandoned upload, or a cached file unused for too long. */
  boolean removable(FileStatus file, long now) {
    String name = file.getPath().getName();
    if (!file.isFile()) {
      return false;
    }
    if (ContentAddressedDir.isTempName(name)) {
      return now - lastUse(file) > MARK_AFTER_MS;
    }
    return !name.startsWith(".") && now - lastUse(file) > maxUnusedAgeMs; // dot files: markers such as MARKER
  }
}
