package io.spindle.shuffle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import io.spindle.rpc.TaskResultSerializer;
import io.spindle.scheduler.TaskResult;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.server.ApplicationRegistry;
import io.spindle.shuffle.server.ServerCounters;
import io.spindle.shuffle.server.ShuffleServer;
import io.spindle.shuffle.server.ShuffleServerContext;
import io.spindle.shuffle.server.ShuffleServerSettings;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote read path against a real shuffle server: each way a fetch can fail for good becomes
 * a {@link FetchFailedException} with the shuffle, the map outputs, the reduce partition, the
 * address, and whether the whole service is to be taken as lost; it survives the trip to the
 * driver as what it is.
 */
class RemoteFetchFailureTest {
  private static final String APP = "application_1700000000000_0077";
  private static final int SHUFFLE = 3;
  private static final int MAPS = 4;
  private static final int REDUCERS = 3;
  private static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path root;
  private Path[] localDirs;
  private ShuffleServer server;
  private ShuffleClient client;
  private MapStatus[] statuses;

  @BeforeEach
  void start() throws Exception {
    ApplicationRegistry registry = new ApplicationRegistry(null);
    registry.addApplication(APP, SECRET);
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      dirs.add(Files.createDirectories(root.resolve("appcache/" + APP + "/dir" + i)).toString());
    }
    localDirs = dirs.stream().map(Path::of).toArray(Path[]::new);
    server = new ShuffleServer(new ShuffleServerContext(ShuffleServerSettings.defaults()
        .withAllowedRoots(List.of(root)), registry, new ServerCounters())).start();
    client = new ShuffleClient(SECRET, ShuffleClientOptions.defaults().withRetries(1, 10));
    client.registerExecutor("localhost", server.port(), APP, "exec-1", dirs);

    KryoSerializer serializer = new KryoSerializer(getClass().getClassLoader());
    statuses = new MapStatus[MAPS];
    for (int m = 0; m < MAPS; m++) {
      List<Pair<Integer, String>> records = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        records.add(Pair.of(i, "m" + m + "-" + i));
      }
      long[] sizes = new SortShuffleWriter<Integer, String, String>(serializer, localDirs)
          .write(SHUFFLE, m, "a0", records.iterator(), new HashPartitioner(REDUCERS), null, false);
      statuses[m] = new MapStatus(m, "exec-1", "localhost", server.port(), sizes);
    }
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private Map<Integer, byte[]> readAll(MapStatus[] from, int reduceId) throws Exception {
    Map<Integer, byte[]> segments = new TreeMap<>();
    try (ShuffleBlockSource.PartitionBlocks blocks = new RemoteShuffleBlockSource(client, APP)
        .open(SHUFFLE, reduceId, from)) {
      for (int m = 0; m < MAPS; m++) {
        segments.put(m, blocks.fetch(m));
      }
    }
    return segments;
  }

  @Test
  void intactOutputsAreRead() throws Exception {
    Map<Integer, byte[]> segments = readAll(statuses, 1);
    for (int m = 0; m < MAPS; m++) {
      assertEquals(statuses[m].sizes()[1], segments.get(m).length);
    }
  }

  @Test
  void aMissingMapOutputFailsItsRequestButNotTheService() throws Exception {
    Files.delete(ShuffleFiles.dataFile(localDirs, SHUFFLE, 2));
    Files.delete(ShuffleFiles.indexFile(localDirs, SHUFFLE, 2));
    FetchFailedException e = assertThrows(FetchFailedException.class, () -> readAll(statuses, 0));
    assertFalse(e.serviceLost(), e.getMessage());
    assertEquals(SHUFFLE, e.shuffleId());
    assertEquals(0, e.reduceId());
    assertEquals("exec-1", e.executorId());
    assertEquals(server.port(), e.port());
    // The service refuses the whole request (all maps of exec-1 for this partition) and names the
    // missing one only in its message: every map of the request is reported.
    assertArrayEquals(new int[] {0, 1, 2, 3}, e.mapIndexes());
    assertTrue(e.getMessage().contains("map 2"), e.getMessage());
  }

  @Test
  void aCorruptSegmentFailsOnlyItsMapOutput() throws Exception {
    Path data = ShuffleFiles.dataFile(localDirs, SHUFFLE, 1);
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      long inReduce2 = statuses[1].sizes()[0] + statuses[1].sizes()[1] + 3;
      f.seek(inReduce2);
      int b = f.read();
      f.seek(inReduce2);
      f.write(b ^ 0x55);
    }
    assertEquals(MAPS, readAll(statuses, 0).size(), "other partitions of that output are intact");
    FetchFailedException e = assertThrows(FetchFailedException.class, () -> readAll(statuses, 2));
    assertArrayEquals(new int[] {1}, e.mapIndexes());
    assertFalse(e.serviceLost());
  }

  @Test
  void anExecutorTheServiceDoesNotKnowMeansItsWholeServiceIsLost() {
    MapStatus[] unknown = statuses.clone();
    for (int m = 0; m < MAPS; m++) {
      unknown[m] = new MapStatus(m, "exec-9", "localhost", server.port(), statuses[m].sizes());
    }
    FetchFailedException e = assertThrows(FetchFailedException.class, () -> readAll(unknown, 0));
    assertTrue(e.serviceLost(), e.getMessage());
    assertTrue(e.sameService(statuses[0]), "every output on localhost:" + server.port() + " is affected");
  }

  @Test
  void anUnreachableServiceIsLostAndTheFailureReachesTheDriverIntact() {
    int port = server.port();
    server.close();
    FetchFailedException e = assertThrows(FetchFailedException.class, () -> readAll(statuses, 0));
    assertTrue(e.serviceLost(), e.getMessage());
    assertEquals("localhost", e.host());
    assertEquals(port, e.port());

    // Executors send failures with Java serialization: it must arrive as a fetch failure.
    TaskResult back = TaskResultSerializer.deserialize(TaskResultSerializer.serialize(TaskResult.failed(e)),
        getClass().getClassLoader());
    FetchFailedException received = assertInstanceOf(FetchFailedException.class, back.failure());
    assertEquals(e.getMessage(), received.getMessage());
    assertArrayEquals(e.mapIndexes(), received.mapIndexes());
    assertTrue(received.serviceLost());
  }

  /** A cause Java serialization refuses. */
  private static final class UnserializableCause extends RuntimeException {
    @SuppressWarnings("unused")
    private final Thread notSerializable = Thread.currentThread();

    UnserializableCause() {
      super("socket trouble");
    }
  }

  @Test
  void aFetchFailureWithAnUnserializableCauseStillArrivesAsAFetchFailure() {
    FetchFailedException e = FetchFailedException.mapOutput(statuses[2], SHUFFLE, 1, new UnserializableCause());
    TaskResult back = TaskResultSerializer.deserialize(TaskResultSerializer.serialize(TaskResult.failed(e)),
        getClass().getClassLoader());
    FetchFailedException received = assertInstanceOf(FetchFailedException.class, back.failure());
    assertArrayEquals(new int[] {2}, received.mapIndexes());
    assertEquals(e.getMessage(), received.getMessage());
    assertTrue(received.getCause().getMessage().contains("UnserializableCause: socket trouble"),
        received.getCause().getMessage());
  }
}
