package io.spindle.shuffle;

import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.FetchedSegment;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches segments from the shuffle services of the hosts that wrote them, through a
 * {@link ShuffleClient}. The reader asks for one segment at a time; on the first ask for a reduce
 * partition this source looks up all map outputs of the shuffle and fetches every non-empty
 * segment of that partition at once: one request per (host, port, executor), many blocks each,
 * with the client's cap on bytes in flight. Segments that arrive before the reader wants them
 * wait here, so at worst one reduce partition is held in memory (which the combining reader holds
 * anyway). One fetch per task thread at a time; a failure throws an IOException naming the blocks
 * and host (the task then fails; this slice does not yet turn it into a map-stage resubmit).
 */
public final class RemoteShuffleBlockSource implements ShuffleBlockSource {
  private final ShuffleClient client;
  private final String appId;
  private final MapOutputLocator locator;
  private final ThreadLocal<PartitionFetch> current = new ThreadLocal<>();

  public RemoteShuffleBlockSource(ShuffleClient client, String appId, MapOutputLocator locator) {
    this.client = client;
    this.appId = appId;
    this.locator = locator;
  }

  @Override
  public byte[] fetch(MapStatus status, int shuffleId, int reduceId) throws IOException {
    PartitionFetch fetch = current.get();
    if (fetch == null || !fetch.isFor(shuffleId, reduceId) || fetch.delivered(status.mapId())) {
      if (fetch != null) {
        fetch.close();
      }
      fetch = new PartitionFetch(shuffleId, reduceId, locator.statuses(shuffleId));
      current.set(fetch);
    }
    byte[] bytes = fetch.take(status.mapId());
    if (fetch.done()) {
      fetch.close();
      current.remove();
    }
    return bytes;
  }

  /** All non-empty segments of one reduce partition, in flight or waiting to be taken. */
  private final class PartitionFetch {
    private final int shuffleId;
    private final int reduceId;
    private final ShuffleFetchIterator segments;
    private final Map<Long, byte[]> arrived = new HashMap<>();
    private final java.util.Set<Long> taken = new java.util.HashSet<>();
    private final int expected;

    PartitionFetch(int shuffleId, int reduceId, MapStatus[] statuses) {
      this.shuffleId = shuffleId;
      this.reduceId = reduceId;
      Map<String, List<MapStatus>> byExecutor = new LinkedHashMap<>();
      int count = 0;
      for (MapStatus s : statuses) {
        if (s.sizes()[reduceId] > 0) {
          byExecutor.computeIfAbsent(s.host() + ":" + s.port() + "/" + s.executorId(), k -> new ArrayList<>()).add(s);
          count++;
        }
      }
      this.expected = count;
      List<FetchRequest> requests = new ArrayList<>();
      for (List<MapStatus> group : byExecutor.values()) {
        MapStatus first = group.get(0);
        long[] maps = new long[group.size()];
        long bytes = 0;
        for (int i = 0; i < maps.length; i++) {
          maps[i] = group.get(i).mapId();
          bytes += group.get(i).sizes()[reduceId];
        }
        requests.add(new FetchRequest(first.host(), first.port(), appId, first.executorId(), shuffleId, maps,
            reduceId, reduceId + 1, bytes));
      }
      this.segments = client.fetch(requests);
    }

    boolean isFor(int shuffle, int reduce) {
      return shuffleId == shuffle && reduceId == reduce;
    }

    boolean delivered(long mapId) {
      return taken.contains(mapId);
    }

    boolean done() {
      return taken.size() == expected;
    }

    byte[] take(long mapId) throws IOException {
      byte[] bytes = arrived.remove(mapId);
      while (bytes == null) {
        if (!segments.hasNext()) {
          throw new IOException("The shuffle service never sent shuffle " + shuffleId + " map " + mapId
              + " reduce " + reduceId + " (its map output is not known to have data for this partition)");
        }
        FetchedSegment s;
        try {
          s = segments.next();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while fetching shuffle " + shuffleId);
        }
        if (s.mapId() == mapId) {
          bytes = s.data();
        } else {
          arrived.put(s.mapId(), s.data());
        }
      }
      taken.add(mapId);
      return bytes;
    }

    void close() {
      segments.close();
    }
  }
}
