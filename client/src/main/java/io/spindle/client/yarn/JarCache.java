package io.spindle.client.yarn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * The directory is listed once ({@link ContentAddressedDir}) and each ancestor's permission read
 * once: a submission ships ~170 jars, and a few NameNode calls per jar cost seconds of the client's start.
 * Files no submission shipped for {@code spindle.yarn.cache.maxUnusedAge} are removed ({@link CacheRetention}).
 */
final class JarCache {
  private static final FsPermission DIR = new FsPermission((short) 0755);
  private static final FsPermission FILE = new FsPermission((short) 0644);

  private final FileSystem fs;
  private final ContentAddressedDir files;
  private final JarDigests digests;
  private final Map<Path, String> ancestorsNotPublic = new HashMap<>(); // dir -> why not, "" if fine

  JarCache(FileSystem fs, Path dir) throws IOException {
    this(fs, dir, JarDigests.none());
  }

  JarCache(FileSystem fs, Path dir, JarDigests digests) throws IOException {
    this.fs = fs;
    this.digests = digests;
    this.files = new ContentAddressedDir(fs, dir, DIR, FILE);
  }

  /** The cached copy of {@code jar}, uploaded first if needed. */
  FileStatus put(java.nio.file.Path jar) throws IOException {
    return files.put(digests.sha256(jar) + ".jar", Files.size(jar), out -> Files.copy(jar, out));
  }

  /**
   * One ZIP archive of {@code jars} (an entry per jar, named by its file name, uncompressed: jars
   * are compressed already), named by the digest of their names and contents in this order: built
   * and uploaded only if the cache does not hold it yet. See {@link FrameworkArchive}.
   */
  FileStatus putArchive(List<java.nio.file.Path> jars) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (java.nio.file.Path jar : jars) {
      md.update((jar.getFileName() + " " + digests.sha256(jar) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return files.putIfAbsent(HexFormat.of().formatHex(md.digest()) + ".zip", out -> {
      java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
      zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
      for (java.nio.file.Path jar : jars) {
        zip.putNextEntry(new java.util.zip.ZipEntry(jar.getFileName().toString()));
        Files.copy(jar, zip);
        zip.closeEntry();
      }
      zip.finish(); // not close(): the cache closes the stream it gave
    });
  }

  /**
   * Why NodeManagers may not localize {@code file} as PUBLIC (it must be readable by all and its
   * ancestors traversable by all), or null if they may.
   */
  String whyNotPublic(FileStatus file) throws IOException {
    if (!file.getPermission().getOtherAction().implies(FsAction.READ)) {
      return file.getPath() + " has permission " + file.getPermission();
    }
    String why = ancestorsNotPublic.get(file.getPath().getParent());
    if (why == null) {
      why = "";
      for (Path p = file.getPath().getParent(); p != null; p = p.getParent()) {
        FsPermission perm = fs.getFileStatus(p).getPermission();
        if (!perm.getOtherAction().implies(FsAction.EXECUTE)) {
          why = p + " has permission " + perm;
          break;
        }
      }
      ancestorsNotPublic.put(file.getPath().getParent(), why);
    }
    return why.isEmpty() ? null : why;
  }

  int uploads() {
    return files.uploads();
  }

  /** See {@link ContentAddressedDir#removeUnused}. */
  int removeUnused(CacheRetention retention) throws IOException {
    return files.removeUnused(retention);
  }

  int hits() {
    return files.hits();
  }

  Path dir() {
    return files.dir();
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
