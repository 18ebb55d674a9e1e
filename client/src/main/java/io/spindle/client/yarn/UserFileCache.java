package io.spindle.client.yarn;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The user's own content-addressed cache of the files a submission ships besides the framework
 * jars: the application jar, --jars, log4j.properties and the Hadoop configuration, as
 * {@code <dir>/<sha256>-<name>} (dir 0700, files 0600), localized PRIVATE.
 *
 * <p>Why: a NodeManager keeps a PRIVATE file for all of its user's applications (keyed by path,
 * size and modification time), so a container whose files are all in its NodeManager's caches
 * starts without a localizer. Staged per application (APPLICATION visibility), the same bytes were
 * downloaded again by every application on every NodeManager: ~0.4 s of each AM's start and of
 * each first executor on another node. A file is uploaded only when no file of its name and length
 * is there ({@link ContentAddressedDir}, as for {@link JarCache}); files no submission shipped for
 * {@code spindle.yarn.cache.maxUnusedAge} are removed ({@link CacheRetention}), as in the jar cache.
 */
final class UserFileCache {
  private static final FsPermission DIR = new FsPermission((short) 0700);
  private static final FsPermission FILE = new FsPermission((short) 0600);

  private final ContentAddressedDir files;
  private final JarDigests digests;

  UserFileCache(FileSystem fs, Path dir, JarDigests digests) throws IOException {
    this.files = new ContentAddressedDir(fs, dir, DIR, FILE);
    fs.setPermission(files.dir(), DIR); // private even if someone made it otherwise
    this.digests = digests;
  }

  /** {@code <base>/.files-<user>}: beside the staging dirs, one per user even if the staging base is shared. */
  static Path dirFor(Path stagingBase, String user) {
    return new Path(stagingBase, ".files-" + user);
  }

  /** The cached copy of a local file, shipped as {@code name}; uploaded first if needed. */
  FileStatus put(java.nio.file.Path local, String name) throws IOException {
    long length = java.nio.file.Files.size(local);
    return files.put(digests.sha256(local) + "-" + name, length, out -> java.nio.file.Files.copy(local, out));
  }

  /** The cached copy of {@code content}, shipped as {@code name}; uploaded first if needed. */
  FileStatus put(byte[] content, String name) throws IOException {
    return files.put(sha256(content) + "-" + name, content.length, out -> out.write(content));
  }

  int uploads() {
    return files.uploads();
  }

  /** See {@link ContentAddressedDir#removeUnused}. */
  int removeUnused(CacheRetention retention) throws IOException {
    return files.removeUnused(retention);
  }

  Path dir() {
    return files.dir();
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
