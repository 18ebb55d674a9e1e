package io.spindle.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Creates a directory only if its parent exists, which Hadoop's {@code FileSystem} has no general
 * call for ({@code mkdirs} creates every missing parent). Atomic where the filesystem can: HDFS
 * ({@link DistributedFileSystem#mkdir}: the NameNode checks the parent) and the local filesystem
 * ({@link Files#createDirectory}); elsewhere (object stores, whose directories are only names) a
 * check for the parent followed by {@code mkdirs}. Not through {@code FileContext}: its local
 * filesystem sets every new dir's permission with a {@code chmod} process.
 */
final class NonRecursiveDirs {
  private NonRecursiveDirs() {}

  /** Creates {@code dir} unless it is there; a {@link FileNotFoundException} if its parent is not. */
  static void mkdir(FileSystem fs, Path dir) throws IOException {
    FileSystem raw = fs instanceof FilterFileSystem filter ? filter.getRawFileSystem() : fs; // LocalFileSystem's checksums
    if (raw instanceof DistributedFileSystem dfs) {
      dfs.mkdir(dir, FsPermission.getDirDefault()); // the HDFS client applies the umask
    } else if (raw instanceof RawLocalFileSystem local) {
      java.nio.file.Path path = local.pathToFile(dir).toPath();
      try {
        Files.createDirectory(path);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(path)) {
          throw e;
        }
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("Parent directory doesn't exist: " + dir.getParent());
      }
    } else {
      if (!fs.exists(dir.getParent())) {
        throw new FileNotFoundException("Parent directory doesn't exist: " + dir.getParent());
      }
      fs.mkdirs(dir);
    }
  }
}
