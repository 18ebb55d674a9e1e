package io.spindle.shuffle.yarn;

import io.spindle.shuffle.server.ShuffleServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The aux service's keys, read from the NodeManager's yarn-site.xml. Each key sits with its
 * default and one line of doc, so the operator docs can be generated from this class.
 */
public final class ShuffleServiceConfig {
  private ShuffleServiceConfig() {}

  /** A configuration key: name, default value, one line of doc. */
  public record Key<T>(String name, T defaultValue, String doc) {}

  public static final Key<Integer> PORT = new Key<>("spindle.shuffle.service.port", 7447,
      "TCP port of the shuffle service; 0 picks a free port (tests), published in the service metadata.");
  public static final Key<String> BIND_HOST = new Key<>("spindle.shuffle.service.bindHost", "",
      "Address to listen on; empty for all interfaces.");
  public static final Key<Integer> IO_THREADS = new Key<>("spindle.shuffle.service.ioThreads", 0,
      "Netty event-loop threads; 0 for 2 x cores.");
  public static final Key<Integer> MAX_OPEN_FILES = new Key<>("spindle.shuffle.service.maxOpenFiles",
      4096, "Data files held open by responses in progress; beyond it clients are told to retry later.");
  public static final Key<Integer> MAX_CONCURRENT_STREAMS = new Key<>(
      "spindle.shuffle.service.maxConcurrentStreams", 256,
      "Responses in progress at once; beyond it clients are told to retry later.");
  public static final Key<Integer> BUSY_RETRY_MS = new Key<>("spindle.shuffle.service.busyRetryMs",
      200, "Delay before retrying that the service suggests in its busy answers.");
  public static final Key<Boolean> VERIFY_CHECKSUMS = new Key<>(
      "spindle.shuffle.service.verifyChecksums", false,
      "Check each segment's CRC32C on the server before sending (gives up zero-copy; clients always check).");
  public static final Key<String> LOCAL_ROOTS = new Key<>("spindle.shuffle.service.localRoots", "",
      "Dirs that registered executor dirs must lie under; empty for yarn.nodemanager.local-dirs.");
  public static final Key<Long> IDLE_TIMEOUT_MS = new Key<>("spindle.shuffle.service.idleTimeoutMs",
      120_000L, "Connections idle this long are closed; 0 never.");

  /** Every key, in documentation order. */
  public static final List<Key<?>> ALL = List.of(PORT, BIND_HOST, IO_THREADS, MAX_OPEN_FILES,
      MAX_CONCURRENT_STREAMS, BUSY_RETRY_MS, VERIFY_CHECKSUMS, LOCAL_ROOTS, IDLE_TIMEOUT_MS);

  static final String NM_LOCAL_DIRS = "yarn.nodemanager.local-dirs";

  /** Builds the server settings from a NodeManager configuration. */
  public static ShuffleServerSettings settings(Configuration conf) {
    String roots = conf.getTrimmed(LOCAL_ROOTS.name(), LOCAL_ROOTS.defaultValue());
    String[] rootList = roots.isEmpty()
        ? conf.getTrimmedStrings(NM_LOCAL_DIRS) : conf.getTrimmedStrings(LOCAL_ROOTS.name());
    List<Path> allowed = new ArrayList<>();
    for (String r : rootList) {
      allowed.add(r.startsWith("file:") ? Path.of(URI.create(r)) : Path.of(r));
    }
    return new ShuffleServerSettings(
        conf.getTrimmed(BIND_HOST.name(), BIND_HOST.defaultValue()),
        conf.getInt(PORT.name(), PORT.defaultValue()),
        conf.getInt(IO_THREADS.name(), IO_THREADS.defaultValue()),
        conf.getInt(MAX_OPEN_FILES.name(), MAX_OPEN_FILES.defaultValue()),
        conf.getInt(MAX_CONCURRENT_STREAMS.name(), MAX_CONCURRENT_STREAMS.defaultValue()),
        conf.getInt(BUSY_RETRY_MS.name(), BUSY_RETRY_MS.defaultValue()),
        conf.getBoolean(VERIFY_CHECKSUMS.name(), VERIFY_CHECKSUMS.defaultValue()),
        allowed,
        conf.getLong(IDLE_TIMEOUT_MS.name(), IDLE_TIMEOUT_MS.defaultValue()));
  }
}
