package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.am.YarnConfigs;
import io.spindle.config.InvalidConfigException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivilegedExceptionAction;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removal of unused files from the jar cache on a real MiniDFSCluster (its access times, its
 * permission checks): what a submission ships is marked and kept, files unused for longer than
 * the retention and abandoned temp files go, at most one pass a day, and a dir whose files this
 * user cannot mark is left alone. Each expectation is the set of names a test lists by hand.
 */
class CacheRemovalTest {
  private static final long DAY = 86_400_000L;
  private static final CacheRetention THIRTY_DAYS = new CacheRetention(30 * DAY);

  private static MiniDFSCluster cluster;
  private static FileSystem fs;

  @TempDir
  java.nio.file.Path tmp;

  @BeforeAll
  static void startCluster() throws IOException {
    Configuration conf = new Configuration();
    File base = new File("target/minidfs/" + CacheRemovalTest.class.getSimpleName()).getAbsoluteFile();
    cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).build();
    cluster.waitActive();
    fs = FileSystem.get(cluster.getURI(), conf);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void removesWhatWentUnusedAndKeepsWhatThisSubmissionShips() throws Exception {
    Path dir = new Path("/caches/shipped-and-unused");
    java.nio.file.Path a = jar("a.jar", "shipped again today");
    java.nio.file.Path b = jar("b.jar", "unused for 40 days");
    java.nio.file.Path c = jar("c.jar", "unused for 2 days");
    JarCache first = new JarCache(fs, dir);
    Path cachedA = first.put(a).getPath();
    Path cachedB = first.put(b).getPath();
    Path cachedC = first.put(c).getPath();
    Path abandoned = write(new Path(dir, ".d.jar.123.tmp"));
    Path uploading = write(new Path(dir, ".e.jar.456.tmp"));
    long now = System.currentTimeMillis();
    age(cachedA, 40 * DAY, now);
    age(cachedB, 40 * DAY, now);
    age(cachedC, 2 * DAY, now);
    age(abandoned, 2 * DAY, now);

    JarCache second = new JarCache(fs, dir); // the next submission ships a only
    assertEquals(cachedA, second.put(a).getPath());
    assertEquals(0, second.uploads());
    assertEquals(2, second.removeUnused(THIRTY_DAYS));

    assertEquals(names(cachedA, cachedC, uploading, new Path(dir, CacheRetention.MARKER)), list(dir));
    FileStatus shipped = fs.getFileStatus(cachedA);
    assertTrue(shipped.getAccessTime() >= now, "a's access time was set: " + shipped.getAccessTime());
    assertEquals(now - 40 * DAY, shipped.getModificationTime(), "its modification time (containers localize by it) is kept");
  }

  @Test
  void onePassADayPerDir() throws Exception {
    Path dir = new Path("/caches/one-pass-a-day");
    java.nio.file.Path a = jar("a.jar", "a");
    java.nio.file.Path b = jar("b.jar", "b");
    JarCache first = new JarCache(fs, dir);
    Path cachedA = first.put(a).getPath();
    Path cachedB = first.put(b).getPath();
    assertEquals(0, first.removeUnused(THIRTY_DAYS), "nothing old yet; this pass writes the marker");
    Path marker = new Path(dir, CacheRetention.MARKER);
    assertTrue(fs.exists(marker));

    long now = System.currentTimeMillis();
    age(cachedB, 40 * DAY, now);
    JarCache second = new JarCache(fs, dir);
    second.put(a);
    assertEquals(0, second.removeUnused(THIRTY_DAYS), "a pass ran in this dir less than a day ago");
    assertTrue(fs.exists(cachedB));

    age(marker, 25 * 3_600_000L, now);
    JarCache third = new JarCache(fs, dir);
    third.put(a);
    assertEquals(1, third.removeUnused(THIRTY_DAYS));
    assertEquals(names(cachedA, marker), list(dir));
  }

  @Test
  void zeroKeepsEveryFile() throws Exception {
    Path dir = new Path("/caches/zero");
    JarCache first = new JarCache(fs, dir);
    Path cached = first.put(jar("a.jar", "a")).getPath();
    age(cached, 400 * DAY, System.currentTimeMillis());
    assertEquals(0, new JarCache(fs, dir).removeUnused(new CacheRetention(0)));
    assertEquals(names(cached), list(dir));
  }

  /** Another client's pass removed a file after this client listed the dir: it is uploaded again, not shipped missing. */
  @Test
  void aFileRemovedSinceTheListingIsUploadedAgain() throws Exception {
    Path dir = new Path("/caches/removed-meanwhile");
    java.nio.file.Path a = jar("a.jar", "content of a");
    Path cached = new JarCache(fs, dir).put(a).getPath();
    age(cached, 40 * DAY, System.currentTimeMillis());

    JarCache listed = new JarCache(fs, dir);
    fs.delete(cached, false);
    FileStatus shipped = listed.put(a);
    assertEquals(1, listed.uploads());
    assertEquals(cached, shipped.getPath());
    try (java.io.InputStream in = fs.open(cached)) {
      assertEquals("content of a", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * A dir of another owner (a cache shared by users): this user cannot set access times there, so
   * they say nothing about this user's use, and nothing is removed (nor written: the marker).
   */
  @Test
  void aDirWhoseFilesThisUserCannotMarkIsLeftAlone() throws Exception {
    Path dir = new Path("/caches/shared");
    java.nio.file.Path a = jar("a.jar", "a");
    JarCache owners = new JarCache(fs, dir); // the test's user: the NameNode's superuser
    Path cachedA = owners.put(a).getPath();
    Path cachedB = owners.put(jar("b.jar", "b")).getPath();
    long now = System.currentTimeMillis();
    age(cachedA, 40 * DAY, now);
    age(cachedB, 40 * DAY, now);

    UserGroupInformation alice = UserGroupInformation.createUserForTesting("alice", new String[] {"users"});
    int removed = alice.doAs((PrivilegedExceptionAction<Integer>) () -> {
      FileSystem asAlice = FileSystem.newInstance(fs.getUri(), fs.getConf());
      try {
        JarCache cache = new JarCache(asAlice, dir);
        assertEquals(cachedA, cache.put(a).getPath(), "shipped from the cache all the same");
        assertEquals(0, cache.uploads());
        return cache.removeUnused(THIRTY_DAYS);
      } finally {
        asAlice.close();
      }
    });
    assertEquals(0, removed);
    assertEquals(names(cachedA, cachedB), list(dir));
  }

  @Test
  void theRetentionIsADurationOfAtLeastADayOrZero() {
    assertEquals(30 * DAY, CacheRetention.of(new SpindleConf(false)).maxUnusedAgeMs(), "default 30d");
    assertEquals(7 * DAY, CacheRetention.of(conf("7d")).maxUnusedAgeMs());
    assertEquals(36 * 3_600_000L, CacheRetention.of(conf("36h")).maxUnusedAgeMs());
    assertEquals(0, CacheRetention.of(conf("0")).maxUnusedAgeMs());
    for (String bad : new String[] {"2h", "30 days", "-1d"}) {
      InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> CacheRetention.of(conf(bad)));
      assertTrue(e.getMessage().contains(YarnConfigs.CACHE_MAX_UNUSED_AGE.key()) && e.getMessage().contains(bad),
          e.getMessage());
    }
  }

  private static SpindleConf conf(String maxUnusedAge) {
    SpindleConf conf = new SpindleConf(false);
    conf.set(YarnConfigs.CACHE_MAX_UNUSED_AGE.key(), maxUnusedAge);
    return conf;
  }

  private java.nio.file.Path jar(String name, String content) throws IOException {
    java.nio.file.Path dir = Files.createDirectories(tmp.resolve(String.valueOf(System.nanoTime())));
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static Path write(Path path) throws IOException {
    try (OutputStream out = fs.create(path, false)) {
      out.write(1);
    }
    return fs.makeQualified(path);
  }

  /** Sets the file's modification and access times to {@code age} before {@code now}. */
  private static void age(Path file, long age, long now) throws IOException {
    fs.setTimes(file, now - age, now - age);
  }

  private static Set<String> names(Path... paths) {
    Set<String> names = new TreeSet<>();
    for (Path p : paths) {
      names.add(p.getName());
    }
    return names;
  }

  private static Set<String> list(Path dir) throws IOException {
    Set<String> names = new TreeSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      names.add(f.getPath().getName());
    }
    return names;
  }
}
