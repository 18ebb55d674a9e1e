package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AM's daily mark of its cached files: the PUBLIC and PRIVATE files of its resource list get a
 * fresh access time and keep their modification time; its APPLICATION files (the staging dir) are
 * left alone; a file that is gone is skipped. Read back with java.nio, not through Hadoop.
 */
class CachedFilesInUseTest {
  private static final long DAY = 86_400_000L;

  @TempDir
  Path tmp;

  @Test
  void marksThePublicAndPrivateFilesAndKeepsTheirModificationTimes() throws Exception {
    long old = System.currentTimeMillis() - 40 * DAY;
    Path jar = aged("framework.jar", old);
    Path appJar = aged("app.jar", old);
    Path staged = aged("staged.txt", old);
    ExecutorResources resources = new ExecutorResources(Map.of(
        "framework.jar", resource(jar, LocalResourceVisibility.PUBLIC),
        "app.jar", resource(appJar, LocalResourceVisibility.PRIVATE),
        "staged.txt", resource(staged, LocalResourceVisibility.APPLICATION),
        "gone.jar", resource(tmp.resolve("gone.jar"), LocalResourceVisibility.PUBLIC)), List.of("framework.jar"));

    long before = System.currentTimeMillis();
    try (CachedFilesInUse marks = new CachedFilesInUse(new Configuration(), resources)) {
      assertEquals(2, marks.markNow(), "the two cached files that exist");
    }
    for (Path marked : List.of(jar, appJar)) {
      BasicFileAttributes a = Files.readAttributes(marked, BasicFileAttributes.class);
      assertTrue(a.lastAccessTime().toMillis() >= before - 1000, marked + ": " + a.lastAccessTime());
      assertEquals(old / 1000, a.lastModifiedTime().toMillis() / 1000, marked + "'s modification time is kept");
    }
    assertEquals(old / 1000, Files.readAttributes(staged, BasicFileAttributes.class).lastAccessTime().toMillis() / 1000,
        "an APPLICATION file is not marked");
  }

  private Path aged(String name, long time) throws Exception {
    Path file = Files.writeString(tmp.resolve(name), name);
    FileTime t = FileTime.fromMillis(time);
    Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(t, t, null);
    return file;
  }

  private static LocalResource resource(Path file, LocalResourceVisibility visibility) {
    return LocalResource.newInstance(URL.fromPath(new org.apache.hadoop.fs.Path(file.toUri())), LocalResourceType.FILE,
        visibility, 1, 1);
  }
}
