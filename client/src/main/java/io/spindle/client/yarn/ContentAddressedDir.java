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
 *
 * <p>Files are removed once unused for long ({@link CacheRetention} says when): a file this
 * submission ships is marked as used (its access time set) when its last use is over a day old, and
 * {@link #removeUnused} removes the others that are old enough. A file removed by another client's
 * pass between this client's listing and its mark is uploaded again. What remains is a window of
 * milliseconds, after the file went unused for the whole retention time: another pass reads the
 * file's times, this client marks and ships it, that pass removes it; the application's containers
 * then fail to localize it, and a new submission uploads it again.
 */
final class ContentAddressedDir {
  private final FileSystem fs;
  private final Path dir;
  private final FsPermission filePermission;
  private final Map<String, FileStatus> listed = new ConcurrentHashMap<>();
  private final AtomicInteger uploads = new AtomicInteger();
  private final AtomicInteger hits = new AtomicInteger();
  /** Names this submission ships (found or written): never removed by its own pass. */
  private final java.util.Set<String> used = ConcurrentHashMap.newKeySet();
  /**
   * False once setting an access time failed for any reason but a missing file (a dir of another
   * owner): then access times say nothing about this user's use, and nothing is removed.
   */
  private volatile boolean marksWork = true;

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
    if (known != null && known.getLen() == length && markUsed(known)) {
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
    if (known != null && known.getLen() > 0 && markUsed(known)) {
      hits.incrementAndGet();
      return known;
    }
    return write(fileName, writer);
  }

  /**
   * Records that this submission ships {@code file} and, if its last use is over a day old, sets its
   * access time (not its modification time: containers localize a file by that). False if the file
   * is gone (another client's pass removed it since the listing): the caller writes it again.
   */
  private boolean markUsed(FileStatus file) {
    String name = file.getPath().getName();
    used.add(name);
    long now = System.currentTimeMillis();
    if (!marksWork || !CacheRetention.needsMark(file, now)) {
      return true;
    }
    try {
      fs.setTimes(file.getPath(), -1, now);
    } catch (FileNotFoundException e) {
      listed.remove(name);
      return false;
    } catch (IOException e) {
      marksWork = false;
    }
    return true;
  }

  /**
   * If {@code retention} removes files and no pass ran in this dir for a day: removes the files no
   * submission shipped for longer than it allows and temp files of uploads abandoned over a day ago,
   * except the files this submission ships. Each candidate's times are read again first (the
   * listing is as old as this submission). Returns the number of files removed.
   */
  int removeUnused(CacheRetention retention) throws IOException {
    long now = System.currentTimeMillis();
    if (!marksWork || !retention.passDue(listed.get(CacheRetention.MARKER), now)) {
      return 0;
    }
    Path marker = new Path(dir, CacheRetention.MARKER);
    try {
      fs.create(marker, true).close();
      // Proves that this filesystem keeps an access time that is set, even if nothing needed a mark:
      // Hadoop's default setTimes (object stores) does nothing, and every file would look unused.
      long probe = now - 1_000;
      fs.setTimes(marker, -1, probe);
      if (fs.getFileStatus(marker).getAccessTime() != probe) {
        return 0;
      }
    } catch (IOException e) { // not this user's dir (a shared cache): remove nothing
      return 0;
    }
    int removed = 0;
    for (FileStatus file : listed.values()) {
      if (used.contains(file.getPath().getName()) || !retention.removable(file, now)) {
        continue;
      }
      try {
        if (retention.removable(fs.getFileStatus(file.getPath()), now) && fs.delete(file.getPath(), false)) {
          removed++;
        }
      } catch (FileNotFoundException e) {
        // removed by another client's pass meanwhile
      }
    }
    return removed;
  }

  /** Whether {@code name} is the temp name of an upload in progress (or abandoned), see {@link #write}. */
  static boolean isTempName(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
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
    used.add(fileName);
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
