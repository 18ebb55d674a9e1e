package io.spindle.client.yarn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The content-addressed cache of framework jars in the default filesystem:
 * {@code <cacheDir>/<sha256>.jar}. A jar is uploaded only if no file of that name and length is
 * there yet (temp name, then rename, so concurrent clients never see half a jar); files are
 * world-readable so NodeManagers can localize them PUBLIC, once per node for all applications.
 */
final class JarCache {
  private static final FsPermission DIR = new FsPermission((short) 0755);
  private static final FsPermission FILE = new FsPermission((short) 0644);

  private final FileSystem fs;
  private final Path dir;
  private int uploads;
  private int hits;

  JarCache(FileSystem fs, Path dir) throws IOException {
    this.fs = fs;
    this.dir = fs.makeQualified(dir);
    if (!fs.exists(this.dir)) {
      fs.mkdirs(this.dir, DIR);
      fs.setPermission(this.dir, DIR);
    }
  }

  /** The cached copy of {@code jar}, uploaded first if needed. */
  FileStatus put(java.nio.file.Path jar) throws IOException {
    long length = Files.size(jar);
    Path target = new Path(dir, sha256(jar) + ".jar");
    if (fs.exists(target) && fs.getFileStatus(target).getLen() == length) {
      hits++;
      return fs.getFileStatus(target);
    }
    Path tmp = new Path(dir, "." + target.getName() + "." + System.nanoTime() + ".tmp");
    fs.copyFromLocalFile(false, true, new Path(jar.toUri()), tmp);
    fs.setPermission(tmp, FILE);
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false); // another client won the race; its copy has the same content
    }
    uploads++;
    return fs.getFileStatus(target);
  }

  /**
   * Why NodeManagers may not localize {@code file} as PUBLIC (it must be readable by all and its
   * ancestors traversable by all), or null if they may.
   */
  String whyNotPublic(FileStatus file) throws IOException {
    if (!file.getPermission().getOtherAction().implies(FsAction.READ)) {
      return file.getPath() + " has permission " + file.getPermission();
    }
    for (Path p = file.getPath().getParent(); p != null; p = p.getParent()) {
      FsPermission perm = fs.getFileStatus(p).getPermission();
      if (!perm.getOtherAction().implies(FsAction.EXECUTE)) {
        return p + " has permission " + perm;
      }
    }
    return null;
  }

  int uploads() {
    return uploads;
  }

  int hits() {
    return hits;
  }

  Path dir() {
    return dir;
  }

  static String sha256(java.nio.file.Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
