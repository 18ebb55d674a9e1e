package io.spindle.client.yarn;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * is there (temp name, then rename, as {@link JarCache}); nothing is removed, like the jar cache.
 */
final class UserFileCache {
  private static final FsPermission DIR = new FsPermission((short) 0700);
  private static final FsPermission FILE = new FsPermission((short) 0600);

  private final FileSystem fs;
  private final Path dir;
  private final JarDigests digests;
  // put() runs on the staging threads (ParallelUploads), several at once.
  private final Map<String, FileStatus> listed = new ConcurrentHashMap<>();
  private final AtomicInteger uploads = new AtomicInteger();

  UserFileCache(FileSystem fs, Path dir, JarDigests digests) throws IOException {
    this.fs = fs;
    this.dir = fs.makeQualified(dir);
    this.digests = digests;
    FileStatus[] files;
    try {
      files = fs.listStatus(this.dir);
    } catch (FileNotFoundException e) {
      fs.mkdirs(this.dir, DIR);
      files = new FileStatus[0];
    }
    fs.setPermission(this.dir, DIR); // private even if someone made it otherwise
    for (FileStatus f : files) {
      listed.put(f.getPath().getName(), f);
    }
  }

  /** {@code <base>/.files-<user>}: beside the staging dirs, one per user even if the staging base is shared. */
  static Path dirFor(Path stagingBase, String user) {
    return new Path(stagingBase, ".files-" + user);
  }

  /** The cached copy of a local file, shipped as {@code name}; uploaded first if needed. */
  FileStatus put(java.nio.file.Path local, String name) throws IOException {
    long length = java.nio.file.Files.size(local);
    return put(digests.sha256(local) + "-" + name, length, out -> java.nio.file.Files.copy(local, out));
  }

  /** The cached copy of {@code content}, shipped as {@code name}; uploaded first if needed. */
  FileStatus put(byte[] content, String name) throws IOException {
    return put(sha256(content) + "-" + name, content.length, out -> out.write(content));
  }

  private FileStatus put(String fileName, long length, StagingDir.IoConsumer<OutputStream> writer) throws IOException {
    FileStatus known = listed.get(fileName);
    if (known != null && known.getLen() == length) {
      return known;
    }
    Path target = new Path(dir, fileName);
    Path tmp = new Path(dir, "." + fileName + "." + System.nanoTime() + ".tmp");
    try (OutputStream out = fs.create(tmp, FILE, true, 1 << 16, fs.getDefaultReplication(tmp),
        fs.getDefaultBlockSize(tmp), null)) {
      writer.accept(out);
    }
    fs.setPermission(tmp, FILE); // create's permission is masked by the umask
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false); // another client won the race; its copy has the same content
    }
    uploads.incrementAndGet();
    FileStatus status = fs.getFileStatus(target);
    listed.put(fileName, status);
    return status;
  }

  int uploads() {
    return uploads.get();
  }

  Path dir() {
    return dir;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
