package io.spindle.shuffle.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps applications (id + secret) and executor registrations across NodeManager restarts, in
 * one small file rewritten atomically on every change (changes are rare: one per application or
 * executor start). The file holds secrets, so it is readable by its owner only.
 *
 * <pre>
 * int    magic "SPRS"
 * int    store version (1)
 * int    number of applications, then per application:
 *   UTF    appId
 *   int    secret length, bytes
 *   int    number of executors, then per executor:
 *     UTF    execId
 *     int    number of dirs, then per dir: UTF path
 * </pre>
 */
public final class RecoveryStore {
  static final int MAGIC = 0x53505253; // "SPRS"
  public static final int VERSION = 1;
  public static final String FILE_NAME = "spindle_shuffle_state.bin";

  /** One application's recoverable state. */
  public record AppRecord(byte[] secret, Map<String, List<Path>> executors) {}

  private final Path file;

  public RecoveryStore(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.file = dir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /** The stored state, or an empty map if there is none yet. */
  public Map<String, AppRecord> load() throws IOException {
    Map<String, AppRecord> apps = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return apps;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("Not a Spindle shuffle recovery file: " + file);
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException("Shuffle recovery file " + file + " has version " + version
            + ", this service reads version " + VERSION + "; delete it to start empty");
      }
      int nApps = in.readInt();
      for (int a = 0; a < nApps; a++) {
        String appId = in.readUTF();
        byte[] secret = new byte[in.readInt()];
        in.readFully(secret);
        int nExecs = in.readInt();
        Map<String, List<Path>> execs = new LinkedHashMap<>();
        for (int e = 0; e < nExecs; e++) {
          String execId = in.readUTF();
          int nDirs = in.readInt();
          Path[] dirs = new Path[nDirs];
          for (int d = 0; d < nDirs; d++) {
            dirs[d] = Path.of(in.readUTF());
          }
          execs.put(execId, List.of(dirs));
        }
        apps.put(appId, new AppRecord(secret, execs));
      }
    }
    return apps;
  }

  public synchronized void save(Map<String, AppRecord> apps) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(apps.size());
      for (Map.Entry<String, AppRecord> app : apps.entrySet()) {
        out.writeUTF(app.getKey());
        out.writeInt(app.getValue().secret().length);
        out.write(app.getValue().secret());
        out.writeInt(app.getValue().executors().size());
        for (Map.Entry<String, List<Path>> exec : app.getValue().executors().entrySet()) {
          out.writeUTF(exec.getKey());
          out.writeInt(exec.getValue().size());
          for (Path dir : exec.getValue()) {
            out.writeUTF(dir.toString());
          }
        }
      }
    }
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.write(tmp, bytes.toByteArray());
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | FileSystemException e) {
      // non-POSIX file system: keep the default permissions
    }
    io.spindle.shuffle.format.LocalFiles.moveIntoPlace(tmp, file);
  }
}
