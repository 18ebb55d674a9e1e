package io.spindle.client.yarn;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A directory of content-addressed files in the cluster's filesystem, the storage under
 * {@link JarCache} and {@link UserFileCache}: listed once when opened (a submission ships ~170
 * files, and a NameNode call or two per file cost seconds), a file written only if no file of its
 * name and length is there yet, under a temp name then renamed, so concurrent clients never see
 * half a file. Safe to use from several threads (the staging uploads run in parallel).
 */
final class ContentAddressedDir {
  private final FileSystem fs;
  private final Path dir;
  private final FsPermission filePermission;
  private final Map<String, FileStatus> listed = new ConcurrentHashMap<>();
  private final AtomicInteger uploads = new AtomicInteger();
  private final AtomicInteger hits = new AtomicInteger();

  /** Lists {@code dir}, creating it with {@code dirPermission} if it is not there (an existing one is left as it is). */
  ContentAddressedDir(FileSystem fs, Path dir, FsPermission dirPermission, FsPermission filePermission)
      throws IOException {
    this.fs = fs;
    this.dir = fs.makeQualified(dir);
    this.filePermission = filePermission;
    FileStatus[] files;
    try {
      files = fs.listStatus(this.dir);
    } catch (FileNotFoundException e) {
      fs.mkdirs(this.dir, dirPermission);
      fs.setPermission(this.dir, dirPermission); // mkdirs' permission is masked by the umask
      files = new FileStatus[0];
    }
    for (FileStatus f : files) {
      listed.put(f.getPath().getName(), f);
    }
  }

  /** The file {@code fileName} of {@code length} bytes, written by {@code writer} first if it is not there. */
  FileStatus put(String fileName, long length, StagingDir.IoConsumer<OutputStream> writer) throws IOException {
    FileStatus known = listed.get(fileName);
    if (known != null && known.getLen() == length) {
      hits.incrementAndGet();
      return known;
    }
    return write(fileName, writer);
  }

  /**
   * The file {@code fileName}, written by {@code writer} first if there is none of that name: for
   * names that say their content (a digest) when the length is not known before writing.
   */
  FileStatus putIfAbsent(String fileName, StagingDir.IoConsumer<OutputStream> writer) throws IOException {
    FileStatus known = listed.get(fileName);
    if (known != null && known.getLen() > 0) {
      hits.incrementAndGet();
      return known;
    }
    return write(fileName, writer);
  }

  private FileStatus write(String fileName, StagingDir.IoConsumer<OutputStream> writer) throws IOException {
    Path target = new Path(dir, fileName);
    Path tmp = new Path(dir, "." + fileName + "." + System.nanoTime() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      writer.accept(out);
    }
    fs.setPermission(tmp, filePermission);
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

  int hits() {
    return hits.get();
  }

  Path dir() {
    return dir;
  }
}
