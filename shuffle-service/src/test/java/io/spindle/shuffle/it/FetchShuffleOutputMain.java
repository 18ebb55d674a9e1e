package io.spindle.shuffle.it;

import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.FetchedSegment;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import io.spindle.shuffle.server.ShuffleTestFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs in a YARN container as a stand-in reducer: fetches every segment the writer produced
 * through the shuffle service and checks each one. Args: host port appId execId.
 */
public final class FetchShuffleOutputMain {
  public static void main(String[] args) {
    try {
      String host = args[0];
      int port = Integer.parseInt(args[1]);
      String appId = args[2];
      String execId = args[3];
      long[] maps = new long[ShuffleItData.MAPS];
      Arrays.setAll(maps, i -> i);
      List<FetchRequest> requests = new ArrayList<>();
      for (int p = 0; p < ShuffleItData.PARTITIONS; p++) {
        long bytes = 0;
        for (long m : maps) {
          bytes += ShuffleItData.size(m, p);
        }
        requests.add(new FetchRequest(host, port, appId, execId, ShuffleItData.SHUFFLE_ID, maps, p,
            p + 1, bytes));
      }
      int count = 0;
      try (ShuffleClient client = new ShuffleClient(ShuffleItData.secretFromEnv(),
              ShuffleClientOptions.defaults().withMaxBytesInFlight(512 * 1024));
          ShuffleFetchIterator it = client.fetch(requests)) {
        while (it.hasNext()) {
          FetchedSegment s = it.next();
          byte[] expected = ShuffleTestFixture.content(ShuffleItData.SHUFFLE_ID, s.mapId(),
              s.reduceId(), ShuffleItData.size(s.mapId(), s.reduceId()));
          if (!Arrays.equals(expected, s.data())) {
            throw new AssertionError("segment map " + s.mapId() + " reduce " + s.reduceId()
                + " differs from what was written");
          }
          count++;
        }
      }
      if (count != ShuffleItData.MAPS * ShuffleItData.PARTITIONS) {
        throw new AssertionError("fetched " + count + " segments");
      }
      System.out.println("fetched and checked " + count + " segments");
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }
}
