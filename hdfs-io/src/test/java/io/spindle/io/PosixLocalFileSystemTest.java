package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spindle's local filesystem against Hadoop's own {@link LocalFileSystem} (which runs chmod): the same
 * calls, in two sibling directories, must leave the same modes on disk, read back with the JDK
 * ({@code unix:mode}, which has the sticky bit too).
 */
class PosixLocalFileSystemTest {
  @TempDir
  Path dir;

  private FileSystem ours;
  private FileSystem hadoops;

  @BeforeEach
  void open() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "027"); // not the usual 022: the umask is applied before either sets a mode
    ours = new PosixLocalFileSystem();
    ours.initialize(URI.create("file:///"), conf);
    hadoops = new LocalFileSystem();
    hadoops.initialize(URI.create("file:///"), conf);
  }

  @AfterEach
  void close() throws IOException {
    ours.close();
    hadoops.close();
  }

  @Test
  void everyCallLeavesTheModesHadoopsOwnLeaves() throws IOException {
    for (FileSystem fs : new FileSystem[] {ours, hadoops}) {
      org.apache.hadoop.fs.Path root = root(fs);
      fs.mkdirs(new org.apache.hadoop.fs.Path(root, "a/b/c")); // default mode, several levels
      fs.mkdirs(new org.apache.hadoop.fs.Path(root, "private"), new FsPermission((short) 0700));
      write(fs.create(new org.apache.hadoop.fs.Path(root, "a/b/c/part-00000")), "one record\n");
      write(fs.create(new org.apache.hadoop.fs.Path(root, "secret"), new FsPermission((short) 0600), false, 4096,
          (short) 1, 1 << 20, null), "x");
      write(fs.create(new org.apache.hadoop.fs.Path(root, "empty")), "");
      org.apache.hadoop.fs.Path shared = new org.apache.hadoop.fs.Path(root, "shared");
      fs.mkdirs(shared);
      fs.setPermission(shared, new FsPermission((short) 01777)); // sticky: Hadoop's own way
      org.apache.hadoop.fs.Path script = new org.apache.hadoop.fs.Path(root, "run.sh");
      write(fs.create(script), "#!/bin/sh\n");
      fs.setPermission(script, new FsPermission((short) 0751));
    }
    String[] paths = {"a", "a/b", "a/b/c", "a/b/c/part-00000", "a/b/c/.part-00000.crc", "private", "secret",
        ".secret.crc", "empty", "shared", "run.sh"};
    for (String p : paths) {
      assertEquals(mode(dir.resolve("hadoop").resolve(p)), mode(dir.resolve("ours").resolve(p)), p);
    }
    assertEquals(0640, mode(dir.resolve("ours/a/b/c/part-00000")) & 07777, "the umask applied");
    assertEquals(01777, mode(dir.resolve("ours/shared")) & 07777);
    assertEquals(0751, mode(dir.resolve("ours/run.sh")) & 07777);
    assertEquals("one record\n", Files.readString(dir.resolve("ours/a/b/c/part-00000")));
  }

  @Test
  void aMissingPathIsAnIOException() {
    assertThrows(IOException.class,
        () -> ours.setPermission(new org.apache.hadoop.fs.Path(dir.resolve("nope").toUri()), new FsPermission((short) 0644)));
  }

  @Test
  void theNineBitsOfEveryModeAndNothingAbove() {
    for (int mode = 0; mode <= 0777; mode++) {
      StringBuilder expected = new StringBuilder();
      for (int bit = 8; bit >= 0; bit--) {
        expected.append((mode & (1 << bit)) != 0 ? "rwx".charAt((8 - bit) % 3) : '-');
      }
      assertEquals(expected.toString(), PosixFilePermissions.toString(PosixLocalFileSystem.posixBits(mode)),
          Integer.toOctalString(mode));
    }
    assertNull(PosixLocalFileSystem.posixBits(01777), "sticky");
    assertNull(PosixLocalFileSystem.posixBits(04755), "setuid");
    assertNull(PosixLocalFileSystem.posixBits(02755), "setgid");
  }

  @Test
  void hadoopFindsItThroughTheConfigurationKey() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", PosixLocalFileSystem.class.getName());
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      assertInstanceOf(PosixLocalFileSystem.class, fs);
      assertInstanceOf(PosixLocalFileSystem.Raw.class, ((LocalFileSystem) fs).getRaw());
    }
  }

  private org.apache.hadoop.fs.Path root(FileSystem fs) {
    return new org.apache.hadoop.fs.Path(dir.resolve(fs == ours ? "ours" : "hadoop").toUri());
  }

  private static void write(OutputStream out, String text) throws IOException {
    try (out) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode");
  }
}
