package io.spindle.bench;

import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.FetchedSegment;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import io.spindle.shuffle.format.MapOutputWriter;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.server.ApplicationRegistry;
import io.spindle.shuffle.server.ServerCounters;
import io.spindle.shuffle.server.ShuffleServer;
import io.spindle.shuffle.server.ShuffleServerContext;
import io.spindle.shuffle.server.ShuffleServerSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * What {@code spindle.network.crypto.enabled} costs on the shuffle's path (bench/network-crypto.sh):
 * the real shuffle service and client in this JVM over a loopback socket, {@code mib} MiB of map
 * output (16 maps x 8 partitions of random, incompressible bytes, as {@code MapOutputWriter} writes
 * them) fetched reducer by reducer, plain and encrypted, alternating per round, a new client (new
 * connections) each time. Prints each fetch's wall time, MB/s and this process's CPU seconds (both
 * ends' work: the service sealing, the client opening), then the medians and the ratios
 * encrypted/plain. Each fetched segment's CRC32 is compared with the one of the bytes written; exit 1
 * on a mismatch. Run with the executors' JIT options (the script does) to see what an executor pays.
 *
 * <p>Usage: {@code NetworkCryptoBench dir [mib (default 512)] [rounds (default 3)]}.
 */
public final class NetworkCryptoBench {
  private static final String APP = "application_1_0001";
  private static final byte[] SECRET = "network-crypto-bench-secret-0001".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final int MAPS = 16;
  private static final int REDUCES = 8;

  private NetworkCryptoBench() {}

  record Run(double wallS, double cpuS, long bytes, boolean intact) {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 512;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createDirectories(root.resolve("usercache/u/appcache/" + APP + "/dir0"));
    int segment = (int) (mib * 1024 * 1024 / (MAPS * REDUCES));
    long[][] crcs = write(dir, segment);
    ApplicationRegistry registry = new ApplicationRegistry(null);
    registry.addApplication(APP, SECRET);
    ShuffleServerSettings settings = ShuffleServerSettings.defaults().withAllowedRoots(List.of(root));
    try (ShuffleServer server = new ShuffleServer(new ShuffleServerContext(settings, registry, new ServerCounters()))
        .start()) {
      System.out.printf("%d MiB in %d maps x %d partitions of %,d bytes, loopback, %d rounds, %s%n", mib, MAPS,
          REDUCES, segment, rounds, System.getProperty("java.version"));
      fetch(server.port(), dir, crcs, segment, false, REDUCES / 4); // warm-up of both paths: JIT, page cache
      fetch(server.port(), dir, crcs, segment, true, REDUCES / 4);
      List<Run> plain = new ArrayList<>();
      List<Run> encrypted = new ArrayList<>();
      boolean intact = true;
      for (int round = 1; round <= rounds; round++) {
        for (boolean crypto : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          Run r = fetch(server.port(), dir, crcs, segment, crypto, REDUCES);
          (crypto ? encrypted : plain).add(r);
          intact &= r.intact();
          System.out.printf("round %d %-9s %6.2f s  %7.1f MB/s  CPU %6.2f s  %s%n", round,
              crypto ? "encrypted" : "plain", r.wallS(), r.bytes() / r.wallS() / 1e6, r.cpuS(),
              r.intact() ? "every segment's CRC32 = the written bytes'" : "SEGMENTS DIFFER");
        }
      }
      double pw = median(plain, true);
      double ew = median(encrypted, true);
      double pc = median(plain, false);
      double ec = median(encrypted, false);
      System.out.printf("median wall: plain %.2f s (%.0f MB/s), encrypted %.2f s (%.0f MB/s), encrypted/plain %.2f%n",
          pw, plain.get(0).bytes() / pw / 1e6, ew, encrypted.get(0).bytes() / ew / 1e6, ew / pw);
      System.out.printf("median CPU: plain %.2f s, encrypted %.2f s, encrypted/plain %.2f%n", pc, ec, ec / pc);
      if (!intact) {
        System.out.println("CHECK FAILED");
        System.exit(1);
      }
    }
  }

  /** Writes the map outputs; returns each segment's CRC32. */
  private static long[][] write(Path dir, int segment) throws Exception {
    long[][] crcs = new long[MAPS][REDUCES];
    SplittableRandom random = new SplittableRandom(42);
    byte[] bytes = new byte[segment];
    for (int m = 0; m < MAPS; m++) {
      try (MapOutputWriter w = new MapOutputWriter(ShuffleFiles.dataFile(new Path[] {dir}, 0, m),
          ShuffleFiles.indexFile(new Path[] {dir}, 0, m), REDUCES, "attempt0")) {
        for (int p = 0; p < REDUCES; p++) {
          random.nextBytes(bytes);
          CRC32 crc = new CRC32();
          crc.update(bytes);
          crcs[m][p] = crc.getValue();
          w.startPartition(p);
          w.stream().write(bytes);
        }
        w.commit();
      }
    }
    return crcs;
  }

  private static Run fetch(int port, Path dir, long[][] crcs, int segment, boolean crypto, int reduces) throws Exception {
    long[] maps = new long[MAPS];
    for (int m = 0; m < MAPS; m++) {
      maps[m] = m;
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    long bytes = 0;
    boolean intact = true;
    try (ShuffleClient client = new ShuffleClient(SECRET, ShuffleClientOptions.defaults().withEncryption(crypto))) {
      client.registerExecutor("127.0.0.1", port, APP, "1", List.of(dir.toString()));
      for (int p = 0; p < reduces; p++) { // as a reducer asks: its partition of every map
        long expected = 0;
        try (ShuffleFetchIterator it = client.fetch(List.of(new FetchRequest("127.0.0.1", port, APP, "1", 0, maps, p,
            p + 1, (long) MAPS * segment)))) {
          while (it.hasNext()) {
            FetchedSegment s = it.next();
            CRC32 crc = new CRC32();
            crc.update(s.data());
            intact &= crc.getValue() == crcs[(int) s.mapId()][s.reduceId()];
            bytes += s.data().length;
            expected++;
          }
        }
        intact &= expected == MAPS;
      }
    }
    return new Run((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, bytes, intact);
  }

  private static double median(List<Run> runs, boolean wall) {
    double[] xs = runs.stream().mapToDouble(r -> wall ? r.wallS() : r.cpuS()).sorted().toArray();
    return xs.length % 2 == 1 ? xs[xs.length / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
  }
}
