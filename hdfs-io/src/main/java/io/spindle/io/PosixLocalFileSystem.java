package io.spindle.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local filesystem ({@code file:}), except that it sets permissions through
 * {@code java.nio} instead of starting a {@code chmod} process.
 *
 * <p>Why: without Hadoop's native library (libhadoop, which Spindle does not ship),
 * {@link RawLocalFileSystem#setPermission} runs {@code chmod <mode> <path>} in a child process, and it
 * is called for every directory {@code mkdirs} creates and every file {@code create} opens (their
 * default permissions, after the umask). Saving a 2-partition result to a local directory started 11
 * such processes; each costs a fork of the whole JVM and an exec, ~7 ms on a quiet 2-core machine,
 * some on the job's critical path (docs/benchmarks.md, "Local quick start: where the second went").
 *
 * <p>What it keeps: everything else is Hadoop's class (checksums, listing, rename, the file status and
 * its permissions); the mode set is the one Hadoop computed. Modes {@code java.nio} cannot express
 * (sticky, setuid and setgid bits), a filesystem without POSIX permissions, and a JVM where Hadoop's
 * native library did load, go to Hadoop's own implementation.
 *
 * <p>{@code io.spindle.config.Settings.hadoopConfiguration} makes it the {@code fs.file.impl} of the
 * Hadoop configurations of drivers and executors, unless Hadoop's XML names one;
 * {@code spindle.hadoop.fs.file.impl} overrides it.
 * Hadoop caches one client per scheme and user for the JVM, so the first {@code file:} client created
 * in the JVM, from whichever configuration, is the one everybody gets.
 */
public class PosixLocalFileSystem extends LocalFileSystem {
  public PosixLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) filesystem under it, with the permission change above. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Set<PosixFilePermission> bits = posixBits(permission.toShort());
      if (bits != null && !NativeIO.isAvailable()) {
        try {
          Files.setPosixFilePermissions(pathToFile(p).toPath(), bits);
          return;
        } catch (UnsupportedOperationException notPosix) {
          // a filesystem without POSIX permissions: Hadoop's way below
        }
      }
      super.setPermission(p, permission);
    }
  }

  private static final PosixFilePermission[] BY_BIT = { // bit 8 (0400) first, as ls shows them
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};

  /** The nine rwx bits of {@code mode} as java.nio's set, or null when it has bits above them (07000). */
  static Set<PosixFilePermission> posixBits(int mode) {
    if ((mode & ~0777) != 0) {
      return null;
    }
    Set<PosixFilePermission> bits = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BY_BIT.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        bits.add(BY_BIT[i]);
      }
    }
    return bits;
  }
}
