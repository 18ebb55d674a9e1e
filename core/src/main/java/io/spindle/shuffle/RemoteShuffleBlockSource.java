package io.spindle.shuffle;

import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.FetchedSegment;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleFetchException;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import io.spindle.shuffle.protocol.ErrorCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches segments from the shuffle services of the hosts that wrote them, through a
 * {@link ShuffleClient}. When a reducer opens a partition, this source fetches every non-empty
 * segment of it at once: one request per (host, port, executor), many blocks each, with the
 * client's cap on bytes in flight. Segments that arrive before the reader wants them wait here,
 * so at worst one reduce partition is held in memory (which the combining reader holds anyway).
 *
 * <p>A request that fails for good becomes a {@link FetchFailedException} naming its map outputs
 * and address; when the service cannot be reached, or no longer knows the executor or the
 * application, it says the whole service is lost, so the driver drops every output served there.
 */
public final class RemoteShuffleBlockSource implements ShuffleBlockSource {
  private final ShuffleClient client;
  private final String appId;

  public RemoteShuffleBlockSource(ShuffleClient client, String appId) {
    this.client = client;
    this.appId = appId;
  }

  @Override
  public PartitionBlocks open(int shuffleId, int reduceId, MapStatus[] statuses) {
    return new PartitionFetch(shuffleId, reduceId, statuses);
  }

  /** All non-empty segments of one reduce partition, in flight or waiting to be taken. */
  private final class PartitionFetch implements PartitionBlocks {
    private final int shuffleId;
    private final int reduceId;
    private final MapStatus[] statuses;
    private final ShuffleFetchIterator segments;
    private final Map<Long, byte[]> arrived = new HashMap<>();

    PartitionFetch(int shuffleId, int reduceId, MapStatus[] statuses) {
      this.shuffleId = shuffleId;
      this.reduceId = reduceId;
      this.statuses = statuses;
      Map<String, List<MapStatus>> byExecutor = new LinkedHashMap<>();
      for (MapStatus s : statuses) {
        if (s.sizes()[reduceId] > 0) {
          byExecutor.computeIfAbsent(s.host() + ":" + s.port() + "/" + s.executorId(), k -> new ArrayList<>()).add(s);
        }
      }
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

    @Override
    public byte[] fetch(int mapIndex) throws IOException {
      byte[] bytes = arrived.remove((long) mapIndex);
      while (bytes == null) {
        if (!segments.hasNext()) {
          throw new IOException("The shuffle service never sent shuffle " + shuffleId + " map " + mapIndex
              + " reduce " + reduceId + " (its map output is not known to have data for this partition)");
        }
        FetchedSegment s;
        try {
          s = segments.next();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while fetching shuffle " + shuffleId);
        } catch (ShuffleFetchException e) {
          throw fetchFailed(e);
        }
        if (s.mapId() == mapIndex) {
          bytes = s.data();
        } else {
          arrived.put(s.mapId(), s.data());
        }
      }
      return bytes;
    }

    /** Which outputs a failed request takes down with it, and whether its whole service is gone. */
    private FetchFailedException fetchFailed(ShuffleFetchException e) {
      ErrorCode code = e.errorCode();
      boolean serviceLost = code == ErrorCode.UNKNOWN_APPLICATION || code == ErrorCode.UNKNOWN_EXECUTOR
          || (code == null && !e.isCorrupt() && e.getCause() instanceof IOException); // unreachable after retries
      long[] maps = e.mapIds();
      int[] indexes = new int[maps.length];
      for (int i = 0; i < maps.length; i++) {
        indexes[i] = (int) maps[i];
      }
      MapStatus any = statuses[indexes[0]];
      return new FetchFailedException(any.executorId(), e.host(), e.port(), shuffleId, indexes, reduceId, serviceLost,
          e.getMessage() + (serviceLost ? " (every map output served by " + e.host() + ":" + e.port()
              + " is taken as lost)" : ""), e);
    }

    @Override
    public void close() {
      segments.close();
      arrived.clear();
    }
  }
}
