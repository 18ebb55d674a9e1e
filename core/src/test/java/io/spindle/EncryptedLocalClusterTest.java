package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClusterBackend;
import io.spindle.cluster.LocalClusterLauncher;
import io.spindle.function.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code spindle.network.crypto.enabled=true} and {@code spindle.io.encryption.enabled=true} on
 * {@code local-cluster[2,1,384]}: executor JVMs talk to the driver and fetch shuffle blocks over
 * encrypted connections (counted by the driver's RPC server and by the shuffle service the launcher
 * runs), their shuffle files are encrypted with the key each derives from the application secret (a
 * reducer reads what the other executor wrote), and a job with a shuffle, a broadcast and large
 * records gives what plain Java gives.
 */
class EncryptedLocalClusterTest {
  private static SpindleContext ctx;
  private static ClusterBackend backend;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set("spindle.network.crypto.enabled", "true").set("spindle.io.encryption.enabled", "true")
        .set("spindle.task.maxFailures", "1"));
    backend = (ClusterBackend) ctx.schedulerBackend();
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @Test
  void aShuffleWithABroadcastAndLargeRecordsRunsOverEncryptedConnectionsWithExactResults() {
    List<String> words = new ArrayList<>();
    String[] vocabulary = {"ünïcödé", "Ω", "日本語", "a", "zz", "spindle"};
    for (int i = 0; i < 20_000; i++) {
      words.add(vocabulary[(i * i + 3 * i) % vocabulary.length] + (i % 97 == 0 ? "" : Integer.toString(i % 13)));
    }
    StringBuilder large = new StringBuilder(); // one record larger than an encryption record (64 KiB)
    java.util.Random random = new java.util.Random(11);
    while (large.length() < 300_000) {
      large.appendCodePoint(0x4E00 + random.nextInt(20_000)); // CJK: 3 UTF-8 bytes each, incompressible
    }
    words.add(large.toString());
    Map<String, Integer> weights = Map.of("Ω", 10, "a", 2);
    Broadcast<Map<String, Integer>> weight = ctx.broadcast(weights);

    Map<String, Integer> got = new TreeMap<>(ctx.parallelize(words, 7)
        .mapToPair(w -> Pair.of(w, weight.value().getOrDefault(w, 1)))
        .reduceByKey(Integer::sum, 11)
        .collectAsMap());

    Map<String, Integer> expected = new TreeMap<>();
    for (String w : words) {
      expected.merge(w, weights.getOrDefault(w, 1), Integer::sum);
    }
    assertEquals(expected, got);
    assertEquals(2, backend.rpcServer().encryptedConnections(), "both executors' driver connections");
    LocalClusterLauncher launcher = (LocalClusterLauncher) backend.launcher();
    assertTrue(launcher.shuffleServiceCounters().encryptedConnections() >= 2,
        "the executors' shuffle connections: " + launcher.shuffleServiceCounters().encryptedConnections());
    assertTrue(launcher.shuffleServiceCounters().bytesServed() > 300_000,
        "served " + launcher.shuffleServiceCounters().bytesServed());
  }
}
