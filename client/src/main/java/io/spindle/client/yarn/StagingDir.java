package io.spindle.client.yarn;

import io.spindle.am.YarnConfigs;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * One application's staging dir in the default filesystem, {@code <stagingBase>/<appId>}
 * (default {@code <home>/.spindle/staging}): the application jar, --jars, --files, the launch
 * spec and the Hadoop configuration for the AM. Private to the user; the AM removes it at
 * unregister, the client on --kill and when it sees the application end.
 */
final class StagingDir {
  private static final FsPermission PRIVATE = new FsPermission((short) 0700);

  private final FileSystem fs;
  private final Path dir;

  private StagingDir(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  static Path pathFor(FileSystem fs, Map<String, String> conf, String appId) {
    String base = conf.get(YarnConfigs.STAGING_DIR.key());
    Path parent = base != null ? new Path(base) : new Path(fs.getHomeDirectory(), ".spindle/staging");
    return fs.makeQualified(new Path(parent, appId));
  }

  static Path defaultCacheDir(FileSystem fs, Map<String, String> conf) {
    String dir = conf.get(YarnConfigs.CACHE_DIR.key());
    return dir != null ? new Path(dir) : new Path(fs.getHomeDirectory(), ".spindle/cache");
  }

  static StagingDir create(FileSystem fs, Map<String, String> conf, String appId) throws IOException {
    Path dir = pathFor(fs, conf, appId);
    // Parents with the default permissions: a private parent would hide the jar cache next to it.
    fs.mkdirs(dir.getParent());
    fs.mkdirs(dir, PRIVATE);
    fs.setPermission(dir, PRIVATE);
    return new StagingDir(fs, dir);
  }

  FileStatus upload(java.nio.file.Path local, String name) throws IOException {
    Path target = new Path(dir, name);
    fs.copyFromLocalFile(false, true, new Path(local.toUri()), target);
    return fs.getFileStatus(target);
  }

  /** Uploads a file only its owner may read (the keytab): created under a 0700 dir, then 0400. */
  FileStatus uploadOwnerOnly(java.nio.file.Path local, String name) throws IOException {
    Path target = new Path(dir, name);
    fs.copyFromLocalFile(false, true, new Path(local.toUri()), target);
    fs.setPermission(target, new FsPermission((short) 0400));
    return fs.getFileStatus(target);
  }

  /** Writes a file through {@code writer} and returns its status. */
  FileStatus write(String name, IoConsumer<OutputStream> writer) throws IOException {
    Path target = new Path(dir, name);
    try (OutputStream out = fs.create(target, true)) {
      writer.accept(out);
    }
    return fs.getFileStatus(target);
  }

  Path path() {
    return dir;
  }

  /** Removes the dir; true if it was there. */
  static boolean remove(FileSystem fs, Path dir) throws IOException {
    return fs.exists(dir) && fs.delete(dir, true);
  }

  interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }
}
