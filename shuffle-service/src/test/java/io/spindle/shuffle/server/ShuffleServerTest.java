package io.spindle.shuffle.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.network.ControlMessage;
import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.FetchedSegment;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.client.ShuffleFetchException;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.protocol.Message;
import io.spindle.shuffle.protocol.Protocol;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleServerTest {
  private static final String APP = "application_1700000000000_0001";

  @TempDir
  Path root;

  @Test
  void servesEverySegmentOfManyMapsIncludingEmptyAndLargeOnes() throws Exception {
    assertEquals(0, servesEverySegment(false), "encrypted connections");
  }

  /** The same fetches over encrypted connections (spindle.network.crypto.enabled): the same bytes. */
  @Test
  void anEncryptedClientGetsEverySegmentIntact() throws Exception {
    assertTrue(servesEverySegment(true) >= 1, "encrypted connections");
  }

  /** Returns the server's count of encrypted connections. */
  private long servesEverySegment(boolean encrypt) throws Exception {
    int maps = 40;
    int partitions = 13;
    Random random = new Random(42);
    try (ShuffleTestFixture f = new ShuffleTestFixture(root, ShuffleServerSettings.defaults());
        ShuffleClient client = new ShuffleClient(ShuffleTestFixture.secret(APP),
            ShuffleClientOptions.defaults().withMaxBytesInFlight(1 << 20).withEncryption(encrypt))) {
      List<String> dirs = f.addApplication(APP, 3);
      client.registerExecutor("localhost", f.port(), APP, "exec-1", dirs);
      Map<Long, byte[][]> written = new HashMap<>();
      for (long m = 0; m < maps; m++) {
        int[] sizes = new int[partitions];
        for (int p = 0; p < partitions; p++) {
          sizes[p] = random.nextInt(3) == 0 ? 0 : random.nextInt(20_000);
        }
        if (m == 7) {
          sizes[5] = 9 * 1024 * 1024 + 17; // larger than 8 MiB
        }
        if (m == 8) {
          sizes = new int[partitions]; // a map output with only empty segments
        }
        written.put(m, ShuffleTestFixture.writeMapOutput(dirs, 0, m, sizes));
      }

      // Shape 1: one reduce partition of every map per request (how a reducer asks).
      List<FetchRequest> byReducer = new ArrayList<>();
      long[] allMaps = written.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
      for (int p = 0; p < partitions; p++) {
        byReducer.add(new FetchRequest("localhost", f.port(), APP, "exec-1", 0, allMaps, p, p + 1,
            expected(written, allMaps, p, p + 1)));
      }
      assertAllFetched(client, byReducer, written, maps * partitions);

      // Shape 2: a range of partitions of a few maps per request.
      List<FetchRequest> byRange = new ArrayList<>();
      for (long m = 0; m < maps; m += 5) {
        long[] some = {m, m + 1, m + 2, m + 3, m + 4};
        byRange.add(new FetchRequest("localhost", f.port(), APP, "exec-1", 0, some, 2, partitions,
            expected(written, some, 2, partitions)));
      }
      assertAllFetched(client, byRange, written, maps * (partitions - 2));
      assertTrue(f.counters().bytesServed() > 9 * 1024 * 1024);
      assertEquals(0, client.checksumFailures());
      return f.counters().encryptedConnections();
    }
  }

  private static long expected(Map<Long, byte[][]> written, long[] maps, int start, int end) {
    long sum = 0;
    for (long m : maps) {
      for (int p = start; p < end; p++) {
        sum += written.get(m)[p].length;
      }
    }
    return sum;
  }

  private static void assertAllFetched(ShuffleClient client, List<FetchRequest> requests,
      Map<Long, byte[][]> written, int expectedSegments) throws Exception {
    int count = 0;
    try (ShuffleFetchIterator it = client.fetch(requests)) {
      while (it.hasNext()) {
        FetchedSegment s = it.next();
        assertArrayEquals(written.get(s.mapId())[s.reduceId()], s.data(),
            "map " + s.mapId() + " reduce " + s.reduceId());
        count++;
      }
    }
    assertEquals(expectedSegments, count);
  }

  @Test
  void flippedByteIsAFetchFailureNamingBlockAndHost() throws Exception {
    try (ShuffleTestFixture f = new ShuffleTestFixture(root, ShuffleServerSettings.defaults());
        ShuffleClient client = ShuffleTestFixture.client(APP)) {
      List<String> dirs = f.addApplication(APP, 2);
      client.registerExecutor("localhost", f.port(), APP, "1", dirs);
      ShuffleTestFixture.writeMapOutput(dirs, 3, 9, new int[] {100, 0, 5000, 70});
      Path[] paths = dirs.stream().map(Path::of).toArray(Path[]::new);
      flipByte(ShuffleFiles.dataFile(paths, 3, 9), 100 + 1234); // inside partition 2

      FetchRequest all = new FetchRequest("localhost", f.port(), APP, "1", 3, new long[] {9}, 0, 4, 5170);
      List<Integer> good = new ArrayList<>();
      try (ShuffleFetchIterator it = client.fetch(List.of(all))) {
        ShuffleFetchException e = assertThrows(ShuffleFetchException.class, () -> {
          while (true) {
            good.add(it.next().reduceId()); // the intact segments come first
          }
        });
        assertTrue(e.isCorrupt());
        assertArrayEquals(new long[] {9}, e.mapIds());
        assertEquals(2, e.startReduce());
        assertEquals(3, e.shuffleId());
        assertTrue(e.getMessage().contains("shuffle 3 map 9 reduce 2"), e.getMessage());
        assertTrue(e.getMessage().contains("localhost:" + f.port()), e.getMessage());
        assertFalse(it.hasNext());
      }
      assertEquals(List.of(0, 1, 3), good);
      assertEquals(1, client.checksumFailures());

      // Untouched partitions of the same map still arrive intact.
      FetchRequest first = new FetchRequest("localhost", f.port(), APP, "1", 3, new long[] {9}, 0, 2, 100);
      try (ShuffleFetchIterator it = client.fetch(List.of(first))) {
        assertEquals(100, it.next().data().length);
        assertEquals(0, it.next().data().length);
      }
    }
  }

  @Test
  void serverSideVerificationRefusesCorruptData() throws Exception {
    ShuffleServerSettings verify = ShuffleServerSettings.defaults().withVerifyChecksums(true);
    try (ShuffleTestFixture f = new ShuffleTestFixture(root, verify);
        ShuffleClient client = ShuffleTestFixture.client(APP)) {
      List<String> dirs = f.addApplication(APP, 1);
      client.registerExecutor("localhost", f.port(), APP, "1", dirs);
      byte[][] written = ShuffleTestFixture.writeMapOutput(dirs, 1, 1, new int[] {10, 20});
      try (ShuffleFetchIterator it = client.fetch(List.of(
          new FetchRequest("localhost", f.port(), APP, "1", 1, new long[] {1}, 0, 2, 30)))) {
        assertArrayEquals(written[0], it.next().data());
        assertArrayEquals(written[1], it.next().data());
      }
      flipByte(Path.of(dirs.get(0), ShuffleFiles.dataFileName(1, 1)), 15);
      try (ShuffleFetchIterator it = client.fetch(List.of(
          new FetchRequest("localhost", f.port(), APP, "1", 1, new long[] {1}, 0, 2, 30)))) {
        ShuffleFetchException e = assertThrows(ShuffleFetchException.class, it::next);
        assertEquals(ErrorCode.CORRUPT, e.errorCode());
        assertTrue(e.getMessage().contains("map 1 reduce 1"), e.getMessage());
      }
      assertEquals(1, f.counters().checksumFailures());
    }
  }

  @Test
  void versionMismatchGetsAnExplicitError() throws Exception {
    try (ShuffleTestFixture f = new ShuffleTestFixture(root, ShuffleServerSettings.defaults());
        RawClient raw = new RawClient(f.port())) {
      f.addApplication(APP, 1);
      raw.hello(APP, Protocol.VERSION + 1);
      Object answer = raw.read();
      ControlMessage.Refused error = assertInstanceOf(ControlMessage.Refused.class, answer);
      assertEquals(ErrorCode.VERSION_MISMATCH, ErrorCode.of(error.refusal()));
      assertTrue(error.message().contains("speaks protocol version " + Protocol.VERSION), error.message());
      assertTrue(error.message().contains("sent version " + (Protocol.VERSION + 1)), error.message());
      assertTrue(raw.closedByServer());
    }
  }

  @Test
  void atTheConcurrencyCapClientsAreToldBusyThenSucceed() throws Exception {
    ShuffleServerSettings oneStream = ShuffleServerSettings.defaults().withLimits(100, 1, 50);
    try (ShuffleTestFixture f = new ShuffleTestFixture(root, oneStream);
        ShuffleClient client = ShuffleTestFixture.client(APP)) {
      List<String> dirs = f.addApplication(APP, 1);
      client.registerExecutor("localhost", f.port(), APP, "1", dirs);
      ShuffleTestFixture.writeMapOutput(dirs, 0, 0, new int[] {64 << 20}); // outlasts socket buffers
      byte[][] small = ShuffleTestFixture.writeMapOutput(dirs, 0, 1, new int[] {1000});

      RawClient slow = new RawClient(f.port());
      assertInstanceOf(ControlMessage.AuthOk.class, slow.authenticate(APP, ShuffleTestFixture.secret(APP)));
      slow.send(new Message.Fetch(5, APP, "1", 0, 0, 1, new long[] {0})); // ... and never read
      // The server takes the only stream slot right after counting the request, on the same thread.
      await().atMost(Duration.ofSeconds(20)).until(() -> f.counters().fetchRequests() >= 1);

      try (ShuffleFetchIterator it = client.fetch(List.of(
          new FetchRequest("localhost", f.port(), APP, "1", 0, new long[] {1}, 0, 1, 1000)))) {
        await().atMost(Duration.ofSeconds(20)).until(() -> client.busyAnswers() >= 2);
        assertTrue(client.busyAnswers() >= 2, "client saw BUSY answers");
        slow.close(); // frees the stream
        assertArrayEquals(small[0], it.next().data());
      }
      assertTrue(f.counters().busyAnswers() >= 2);
    }
  }

  static void flipByte(Path file, long position) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      int b = raf.read();
      raf.seek(position);
      raf.write(b ^ 0x40);
    }
  }
}
