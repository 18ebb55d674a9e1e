package io.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.spindle.function.HashPartitioner;
import io.spindle.function.Pair;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.SortShuffleWriter;
import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.FetchedSegment;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import io.spindle.shuffle.server.ApplicationRegistry;
import io.spindle.shuffle.server.ServerCounters;
import io.spindle.shuffle.server.ShuffleServer;
import io.spindle.shuffle.server.ShuffleServerContext;
import io.spindle.shuffle.server.ShuffleServerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Map outputs written by core's shuffle writer, served by the shuffle service's server over a
 * real socket and fetched by its client: every record of every reduce partition arrives intact.
 */
class CoreShuffleThroughServiceIT {
  private static final String APP = "application_1700000000000_0042";

  @TempDir
  Path root;

  @Test
  void everyRecordWrittenByTheEngineIsServed() throws Exception {
    byte[] secret = "app-secret".getBytes(StandardCharsets.UTF_8);
    ApplicationRegistry registry = new ApplicationRegistry(null);
    registry.addApplication(APP, secret);
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      dirs.add(Files.createDirectories(root.resolve("usercache/u/appcache/" + APP + "/dir" + i)).toString());
    }
    Path[] localDirs = dirs.stream().map(Path::of).toArray(Path[]::new);

    int maps = 6;
    int reducers = 5;
    HashPartitioner partitioner = new HashPartitioner(reducers);
    KryoSerializer serializer = new KryoSerializer(getClass().getClassLoader());
    List<List<String>> expected = new ArrayList<>();
    for (int r = 0; r < reducers; r++) {
      expected.add(new ArrayList<>());
    }
    Random random = new Random(5);
    for (int m = 0; m < maps; m++) {
      List<Pair<String, Integer>> records = new ArrayList<>();
      int n = m == 3 ? 0 : 1 + random.nextInt(3_000); // map 3 writes nothing
      for (int i = 0; i < n; i++) {
        String key = random.nextInt(10) == 0 ? "ключ-" + random.nextInt(50) : "k" + random.nextInt(400);
        records.add(Pair.of(key, i));
        expected.get(partitioner.getPartition(key)).add(key + "=" + i);
      }
      new SortShuffleWriter<String, Integer, Integer>(serializer, localDirs)
          .write(7, m, "attempt0", records.iterator(), partitioner, null, false);
    }

    ShuffleServerSettings settings = ShuffleServerSettings.defaults().withAllowedRoots(List.of(root));
    try (ShuffleServer server = new ShuffleServer(new ShuffleServerContext(settings, registry, new ServerCounters())).start();
        ShuffleClient client = new ShuffleClient(secret, ShuffleClientOptions.defaults())) {
      client.registerExecutor("localhost", server.port(), APP, "exec-1", dirs);
      long[] mapIds = new long[maps];
      for (int m = 0; m < maps; m++) {
        mapIds[m] = m;
      }
      Kryo kryo = serializer.borrow();
      for (int r = 0; r < reducers; r++) {
        List<String> got = new ArrayList<>();
        try (ShuffleFetchIterator it = client.fetch(List.of(
            new FetchRequest("localhost", server.port(), APP, "exec-1", 7, mapIds, r, r + 1, 0)))) {
          while (it.hasNext()) {
            FetchedSegment segment = it.next();
            Input in = new Input(segment.data());
            while (in.position() < in.limit()) {
              got.add(kryo.readClassAndObject(in) + "=" + kryo.readClassAndObject(in));
            }
          }
        }
        List<String> want = new ArrayList<>(expected.get(r));
        Collections.sort(want);
        Collections.sort(got);
        assertEquals(want, got, "reduce partition " + r);
      }
      assertTrue(server.context().counters().bytesServed() > 0);
    }
  }
}
