package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.function.StorageLevel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors in other processes report their cached partitions to the driver (RPC BLOCK_UPDATE):
 * a {@code local-cluster[2,1,384]} job caches an RDD spread over both executors, and the driver's
 * storage endpoint, executors endpoint and event log show it — compared with the partition count
 * and the records' size computed in plain Java, not with the engine's own figures.
 */
class LocalClusterStorageReportTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 6;

  @TempDir
  Path events;

  @Test
  @Timeout(180)
  void cachedPartitionsOfBothExecutorsShowOnTheStorageAndExecutorsPagesAndInTheEventLog() throws Exception {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      records.add("record-" + i + "-\u00e9t\u00e9"); // unicode: two bytes per accented char in UTF-8
    }
    long utf8Bytes = records.stream().mapToLong(r -> r.getBytes(StandardCharsets.UTF_8).length).sum();
    long chars = records.stream().mapToLong(String::length).sum();
    String appId;
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set("spindle.ui.port", "0").set("spindle.eventLog.enabled", "true")
        .set("spindle.eventLog.dir", events.toUri().toString()))) {
      appId = ctx.applicationId();
      Rdd<String> cached = ctx.parallelize(records, PARTITIONS).persist(StorageLevel.MEMORY_ONLY_SER);
      assertEquals(records.size(), cached.count());
      assertEquals(records.size(), cached.count(), "read from the cache");
      assertTrue(ctx.waitForListeners(30_000), "the status store heard the block updates");
      String api = ctx.uiWebUrl().orElseThrow() + "/api/v1/applications/" + appId;

      JsonNode storage = get(api + "/storage/rdd");
      assertEquals(1, storage.size(), storage.toString());
      JsonNode rdd = storage.get(0);
      assertEquals(PARTITIONS, rdd.get("numPartitions").asInt(), rdd.toString());
      assertEquals(PARTITIONS, rdd.get("numCachedPartitions").asInt(), rdd.toString());
      assertEquals("Memory Serialized 1x Replicated", rdd.get("storageLevel").asText());
      long memoryUsed = rdd.get("memoryUsed").asLong();
      // Serialized: at least the records' UTF-8 bytes; at most 3 bytes a char (Kryo's string
      // encoding) plus a framing byte, class tag and length per record.
      assertTrue(memoryUsed >= utf8Bytes && memoryUsed <= 3 * chars + 16L * records.size(),
          "memoryUsed " + memoryUsed + " vs " + utf8Bytes + " bytes of records");
      assertEquals(0, rdd.get("diskUsed").asLong());

      JsonNode executors = get(api + "/executors");
      Map<String, Long> memoryByExecutor = new HashMap<>();
      executors.forEach(e -> memoryByExecutor.put(e.get("id").asText(), e.get("memoryUsed").asLong()));
      assertEquals(3, memoryByExecutor.size(), executors.toString());
      assertEquals(0L, memoryByExecutor.get("driver"), "the driver caches nothing in local-cluster");
      memoryByExecutor.forEach((id, used) -> assertTrue("driver".equals(id) || used > 0,
          "executor " + id + " holds cached partitions: " + executors));
      assertEquals(memoryUsed, memoryByExecutor.values().stream().mapToLong(Long::longValue).sum(),
          "the executors' memory adds up to the RDD's");
    }

    Path log;
    try (Stream<Path> files = Files.list(events)) {
      log = files.filter(p -> p.getFileName().toString().startsWith(appId)).findFirst().orElseThrow();
    }
    Map<String, String> holderOfBlock = new HashMap<>();
    long loggedMemory = 0;
    for (String line : Files.readAllLines(log)) {
      JsonNode event = JSON.readTree(line);
      if ("SparkListenerBlockUpdated".equals(event.get("Event").asText())) {
        JsonNode info = event.get("Block Updated Info");
        assertTrue(info.get("Storage Level").get("Use Memory").asBoolean(), line);
        holderOfBlock.put(info.get("Block ID").asText(), info.get("Block Manager ID").get("Executor ID").asText());
        loggedMemory += info.get("Memory Size").asLong();
      }
    }
    List<String> expectedBlocks = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      expectedBlocks.add("rdd_0_" + p);
    }
    assertEquals(expectedBlocks.stream().sorted().toList(), holderOfBlock.keySet().stream().sorted().toList());
    assertEquals(2, holderOfBlock.values().stream().distinct().count(), "both executors cached: " + holderOfBlock);
    assertTrue(loggedMemory >= utf8Bytes, "logged sizes " + loggedMemory);
  }

  /**
   * {@code unpersist()} reaches the executors (RPC REMOVE_RDD): their cached partitions are dropped and
   * reported gone, so the storage endpoint lists no RDD and every executor's memoryUsed is back to 0;
   * the next action recomputes every record (an accumulator counts them, against the plain-Java size).
   */
  @Test
  @Timeout(180)
  void unpersistDropsTheExecutorsCachedPartitions() throws Exception {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add(i);
    }
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set("spindle.ui.port", "0"))) {
      io.spindle.accumulator.LongAccumulator computed = ctx.longAccumulator("computed");
      Rdd<Integer> cached = ctx.parallelize(values, PARTITIONS).map(v -> {
        computed.add(1);
        return v;
      }).persist(StorageLevel.MEMORY_ONLY);
      assertEquals(values.size(), cached.count());
      assertEquals(values.size(), cached.count(), "read from the cache");
      assertEquals(values.size(), computed.value(), "computed once, then read from the cache");
      String api = ctx.uiWebUrl().orElseThrow() + "/api/v1/applications/" + ctx.applicationId();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .until(() -> get(api + "/storage/rdd").size() == 1);

      cached.unpersist();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
        long memory = 0;
        for (JsonNode e : get(api + "/executors")) {
          memory += e.get("memoryUsed").asLong();
        }
        return get(api + "/storage/rdd").size() == 0 && memory == 0;
      });
      assertEquals(values.size(), cached.count());
      assertEquals(2L * values.size(), computed.value(), "every record computed again after unpersist");
    }
  }

  /**
   * Each executor tells the driver its memory once its block store is up (RPC REGISTER_BLOCK_STORE):
   * the executors endpoint's maxMemory and the event log's SparkListenerBlockManagerAdded of each
   * executor carry the figure its configuration fixes (spindle.memory.testing.maxBytes, which the
   * executors take from the driver), not 0.
   */
  @Test
  @Timeout(180)
  void executorsReportTheirMemoryToTheExecutorsPageAndTheEventLog() throws Exception {
    long memory = 48L << 20;
    String appId;
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local-cluster[2,1,384]")
        .set("spindle.ui.port", "0").set("spindle.memory.testing.maxBytes", Long.toString(memory))
        .set("spindle.eventLog.enabled", "true").set("spindle.eventLog.dir", events.toUri().toString()))) {
      appId = ctx.applicationId();
      assertEquals(10, ctx.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 4).count());
      String api = ctx.uiWebUrl().orElseThrow() + "/api/v1/applications/" + appId + "/executors";
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
        long reporting = 0;
        for (JsonNode e : get(api)) {
          if (!"driver".equals(e.get("id").asText()) && e.get("maxMemory").asLong() == memory) {
            reporting++;
          }
        }
        return reporting == 2;
      });
    }
    Path log;
    try (Stream<Path> files = Files.list(events)) {
      log = files.filter(p -> p.getFileName().toString().startsWith(appId)).findFirst().orElseThrow();
    }
    Map<String, Long> logged = new HashMap<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode event = JSON.readTree(line);
      if ("SparkListenerBlockManagerAdded".equals(event.get("Event").asText())) {
        logged.put(event.get("Block Manager ID").get("Executor ID").asText(), event.get("Maximum Memory").asLong());
      }
    }
    logged.remove("driver");
    assertEquals(2, logged.size(), logged.toString());
    logged.values().forEach(m -> assertEquals(memory, m, logged.toString()));
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
