package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's file cache on the local filesystem: one upload per content and name, the same file
 * (path, length, modification time: what a NodeManager's PRIVATE cache keys on) for a later
 * submission, private permissions, and the bytes as given.
 */
class UserFileCacheTest {
  @TempDir
  Path tmp;

  @Test
  void eachContentIsUploadedOnceUnderItsNameAndFoundAgainByALaterSubmission() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path jar = Files.writeString(tmp.resolve("app.jar"), "the application's classes", StandardCharsets.UTF_8);
    byte[] xml = "<configuration>\u00e9</configuration>".getBytes(StandardCharsets.UTF_8);
    org.apache.hadoop.fs.Path dir = UserFileCache.dirFor(new org.apache.hadoop.fs.Path(tmp.resolve("staging").toUri()),
        "alice");
    assertEquals(".files-alice", dir.getName());

    UserFileCache first = new UserFileCache(fs, dir, JarDigests.none());
    FileStatus app = first.put(jar, "__app__.jar");
    FileStatus core = first.put(xml, "core-site.xml");
    FileStatus hdfs = first.put(xml, "hdfs-site.xml"); // same bytes, another name: another file
    assertEquals(3, first.uploads());
    assertEquals(UserFileCache.sha256(xml) + "-core-site.xml", core.getPath().getName());
    assertNotEquals(core.getPath(), hdfs.getPath());
    assertEquals(new FsPermission((short) 0700), fs.getFileStatus(dir).getPermission());
    assertEquals(new FsPermission((short) 0600), app.getPermission());
    try (InputStream in = fs.open(core.getPath())) {
      assertArrayEquals(xml, in.readAllBytes());
    }
    assertEquals(Files.readString(jar), new String(Files.readAllBytes(Path.of(app.getPath().toUri())),
        StandardCharsets.UTF_8));

    UserFileCache second = new UserFileCache(fs, dir, JarDigests.none());
    FileStatus appAgain = second.put(jar, "__app__.jar");
    FileStatus coreAgain = second.put(xml, "core-site.xml");
    assertEquals(0, second.uploads());
    assertEquals(app.getPath(), appAgain.getPath());
    assertEquals(app.getModificationTime(), appAgain.getModificationTime(), "the NodeManager's cache key holds");
    assertEquals(core.getModificationTime(), coreAgain.getModificationTime());

    Files.writeString(jar, "the application's classes, rebuilt", StandardCharsets.UTF_8);
    FileStatus rebuilt = second.put(jar, "__app__.jar");
    assertNotEquals(app.getPath(), rebuilt.getPath());
    assertEquals(1, second.uploads());
    byte[] empty = new byte[0];
    assertEquals(0, second.put(empty, "log4j.properties").getLen());
  }
}
