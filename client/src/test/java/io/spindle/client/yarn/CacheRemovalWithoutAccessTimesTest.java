package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where setting an access time silently does nothing (Hadoop's default {@code FileSystem.setTimes},
 * which object stores such as S3A keep), a cached file's times cannot say whether it is in use, so
 * nothing is removed, however old: a file shipped every day would otherwise look unused after 30
 * days. Such a filesystem is modelled by the local one with {@code setTimes} doing nothing; the
 * same files on the real local filesystem are removed (the control). HDFS keeps access times that
 * are set even with {@code dfs.namenode.accesstime.precision=0} (which only stops reads from
 * setting them), so removal works there (CacheRemovalTest).
 */
class CacheRemovalWithoutAccessTimesTest {
  private static final long DAY = 86_400_000L;

  /** Hadoop's local filesystem, but setting times does nothing, as FileSystem's default does. */
  public static final class NoTimesFileSystem extends RawLocalFileSystem {
    @Override
    public void setTimes(org.apache.hadoop.fs.Path p, long mtime, long atime) {}
  }

  @TempDir
  Path tmp;

  @Test
  void whereAccessTimesCannotBeSetNothingIsRemoved() throws Exception {
    NoTimesFileSystem noTimes = new NoTimesFileSystem();
    noTimes.initialize(tmp.toUri(), new Configuration());
    assertEquals(0, removedFromAnOldCache(noTimes, "no-times"));
    assertEquals(1, removedFromAnOldCache(FileSystem.getLocal(new Configuration()).getRawFileSystem(), "real"),
        "the control: the same on a filesystem that keeps access times");
  }

  /** A cache holding a.jar and b.jar, both last used 40 days ago; a submission ships a; returns how many files its pass removed. */
  private int removedFromAnOldCache(FileSystem fs, String name) throws Exception {
    Path a = Files.writeString(Files.createDirectories(tmp.resolve(name + "-jars")).resolve("a.jar"), "a",
        StandardCharsets.UTF_8);
    Path b = Files.writeString(tmp.resolve(name + "-jars").resolve("b.jar"), "b", StandardCharsets.UTF_8);
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve(name + "-cache").toUri());
    JarCache first = new JarCache(fs, dir);
    first.put(a);
    org.apache.hadoop.fs.Path cachedB = first.put(b).getPath();
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 40 * DAY);
    try (var files = Files.list(tmp.resolve(name + "-cache"))) {
      for (Path f : files.toList()) {
        Files.getFileAttributeView(f, BasicFileAttributeView.class).setTimes(old, old, null);
      }
    }
    JarCache second = new JarCache(fs, dir);
    second.put(a);
    int removed = second.removeUnused(new CacheRetention(30 * DAY));
    assertTrue(removed == 0 || !fs.exists(cachedB), "what was removed is b");
    return removed;
  }
}
