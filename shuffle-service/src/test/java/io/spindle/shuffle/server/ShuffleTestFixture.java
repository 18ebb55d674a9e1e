package io.spindle.shuffle.server;

import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.format.MapOutputWriter;
import io.spindle.shuffle.format.ShuffleFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A NodeManager-like layout ({@code <root>/usercache/u/appcache/<appId>/dirN}), an in-process
 * server on port 0 and map outputs written with {@link MapOutputWriter}.
 */
public final class ShuffleTestFixture implements AutoCloseable {
  public final Path root;
  public final ApplicationRegistry registry;
  public final ShuffleServer server;

  public ShuffleTestFixture(Path root, ShuffleServerSettings settings) throws IOException {
    this(root, settings, new ApplicationRegistry(null));
  }

  public ShuffleTestFixture(Path root, ShuffleServerSettings settings, ApplicationRegistry registry)
      throws IOException {
    this.root = root;
    this.registry = registry;
    ShuffleServerSettings s = settings.allowedRoots().isEmpty()
        ? settings.withAllowedRoots(List.of(root)) : settings;
    this.server = new ShuffleServer(new ShuffleServerContext(s, registry, new ServerCounters())).start();
  }

  public int port() {
    return server.port();
  }

  public ServerCounters counters() {
    return server.context().counters();
  }

  public static byte[] secret(String appId) {
    return ("secret-of-" + appId).getBytes(StandardCharsets.UTF_8);
  }

  /** Starts the application on the "NodeManager" and creates its local dirs. */
  public List<String> addApplication(String appId, int numDirs) throws IOException {
    registry.addApplication(appId, secret(appId));
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < numDirs; i++) {
      Path dir = root.resolve("usercache/u/appcache/" + appId + "/dir" + i);
      Files.createDirectories(dir);
      dirs.add(dir.toString());
    }
    return dirs;
  }

  public static ShuffleClient client(String appId) {
    return new ShuffleClient(secret(appId), ShuffleClientOptions.defaults().withRetries(1, 100));
  }

  /**
   * Writes one map output whose partition p has length {@code sizes[p]}; returns the segments.
   * Contents are pseudo-random from (shuffle, map, partition), so they differ everywhere.
   */
  public static byte[][] writeMapOutput(List<String> dirs, int shuffleId, long mapId, int[] sizes)
      throws IOException {
    Path[] paths = dirs.stream().map(Path::of).toArray(Path[]::new);
    byte[][] segments = new byte[sizes.length][];
    try (MapOutputWriter w = new MapOutputWriter(ShuffleFiles.dataFile(paths, shuffleId, mapId),
        ShuffleFiles.indexFile(paths, shuffleId, mapId), sizes.length, "attempt0")) {
      for (int p = 0; p < sizes.length; p++) {
        segments[p] = content(shuffleId, mapId, p, sizes[p]);
        if (sizes[p] > 0) {
          w.startPartition(p);
          w.stream().write(segments[p]);
        }
      }
      w.commit();
    }
    return segments;
  }

  public static byte[] content(int shuffleId, long mapId, int partition, int size) {
    byte[] b = new byte[size];
    new Random(31L * (31L * shuffleId + mapId) + partition).nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    server.close();
  }
}
