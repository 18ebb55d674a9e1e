package io.spindle.client.yarn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * SHA-256 digests of local framework jars, remembered by absolute path, size and modification time
 * in {@code ~/.spindle/jar-digests.properties}, so that a submission does not re-read ~85 MB of
 * jars to name them in the jar cache: the client JVM runs with C1 only (fast start), where SHA-256
 * has no intrinsic and hashing them takes about a second. A jar whose size or time changed is
 * hashed again (the same trust as make's); the file is only a speed-up, so failing to read or
 * write it is ignored.
 */
final class JarDigests {
  private final Path file; // null: remember nothing
  private final Properties known = new Properties();
  private volatile boolean changed; // sha256 runs on the staging threads too (UserFileCache)

  JarDigests(Path file) {
    this.file = file;
    if (file != null && Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        known.load(in);
      } catch (IOException | IllegalArgumentException e) {
        known.clear(); // unreadable: start afresh
      }
    }
  }

  static JarDigests inUserHome() {
    String home = System.getProperty("user.home");
    return new JarDigests(home == null ? null : Paths.get(home, ".spindle", "jar-digests.properties"));
  }

  static JarDigests none() {
    return new JarDigests(null);
  }

  String sha256(Path jar) throws IOException {
    String key = jar.toAbsolutePath().normalize().toString();
    String stamp = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " ";
    String remembered = known.getProperty(key);
    if (remembered != null && remembered.startsWith(stamp)) {
      return remembered.substring(stamp.length());
    }
    String digest = JarCache.sha256(jar);
    known.setProperty(key, stamp + digest);
    changed = true;
    return digest;
  }

  /** Writes the digests if any is new (temp file, then rename: concurrent clients never read half a file). */
  void save() {
    if (file == null || !changed) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        known.store(out, "path = size mtime-ms sha256, written by spindle-submit (a cache; safe to delete)");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      changed = false;
    } catch (IOException e) {
      // only a speed-up: the next submission hashes again
    }
  }
}
