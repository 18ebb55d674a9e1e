package io.spindle.shuffle.client;

import io.spindle.shuffle.format.CorruptSegmentException;
import io.spindle.shuffle.format.Segments;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.protocol.Message;
import io.spindle.shuffle.protocol.SegmentInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Segments of a set of fetch requests, handed out as they arrive. Requests go out while the bytes
 * requested and not yet consumed stay under the cap; each answer's segments are checked against
 * their CRC32C before the caller sees them. A BUSY answer is retried after the delay the service
 * asks for (growing with repeats), without limit: load alone never fails a fetch. Network errors
 * are retried a few times; then, or on a refusal or a corrupt segment, {@link #next()} throws a
 * {@link ShuffleFetchException} naming the blocks and host. A corrupt segment fails alone, after
 * the good segments of its answer; after any such exception the other requests' segments can
 * still be taken.
 */
public final class ShuffleFetchIterator implements AutoCloseable {
  private final ShuffleClient client;
  private final ShuffleClientOptions options;
  private final Deque<FetchRequest> notSent;
  private final BlockingQueue<Result> results = new LinkedBlockingQueue<>();
  private final int total;
  private int taken;
  private Iterator<FetchedSegment> current;
  private long currentBytes;
  private ShuffleFetchException currentFailure;
  private long bytesInFlight; // guarded by this
  private int requestsInFlight; // guarded by this
  private volatile boolean closed;

  /**
   * An answered request: its verified segments, then (if set) why the rest failed. A corrupt
   * segment fails alone: the request's good segments are still handed out.
   */
  private record Result(List<FetchedSegment> segments, long reservedBytes,
      ShuffleFetchException failure) {}

  ShuffleFetchIterator(ShuffleClient client, List<FetchRequest> requests,
      ShuffleClientOptions options) {
    this.client = client;
    this.options = options;
    this.notSent = new ArrayDeque<>(requests);
    this.total = requests.size();
    sendMore();
  }

  public boolean hasNext() {
    return current != null || taken < total;
  }

  /**
   * The next verified segment, waiting for one to arrive.
   *
   * @throws ShuffleFetchException if a request failed for good (corrupt data, refusal, host down)
   */
  public FetchedSegment next() throws ShuffleFetchException, InterruptedException {
    while (true) {
      if (current == null) {
        if (taken >= total) {
          throw new java.util.NoSuchElementException();
        }
        Result r = results.take();
        taken++;
        current = r.segments.iterator();
        currentBytes = r.reservedBytes;
        currentFailure = r.failure;
      }
      if (current.hasNext()) {
        FetchedSegment segment = current.next();
        if (!current.hasNext() && currentFailure == null) {
          finishBatch(); // the caller now holds the last bytes: no longer in flight
        }
        return segment;
      }
      ShuffleFetchException failure = currentFailure;
      finishBatch();
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void finishBatch() {
    current = null;
    currentFailure = null;
    release(currentBytes);
  }

  /** Stops sending; answers still on their way are dropped. */
  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notSent.clear();
    }
    results.clear();
  }

  private void release(long bytes) {
    synchronized (this) {
      bytesInFlight -= bytes;
      requestsInFlight--;
    }
    sendMore();
  }

  /** Sends queued requests while they fit under the cap (one always goes if none is out). */
  private void sendMore() {
    List<FetchRequest> toSend = new ArrayList<>();
    synchronized (this) {
      while (!closed && !notSent.isEmpty()) {
        long size = notSent.peek().expectedBytes();
        if (requestsInFlight > 0 && bytesInFlight + size > options.maxBytesInFlight()) {
          break;
        }
        FetchRequest r = notSent.poll();
        bytesInFlight += r.expectedBytes();
        requestsInFlight++;
        toSend.add(r);
      }
    }
    for (FetchRequest r : toSend) {
      send(new Attempt(r));
    }
  }

  /** Retry state of one request. */
  private static final class Attempt {
    final FetchRequest request;
    int ioFailures;
    int busyAnswers;

    Attempt(FetchRequest request) {
      this.request = request;
    }
  }

  private void send(Attempt a) {
    if (closed) {
      return;
    }
    FetchRequest r = a.request;
    Message.Fetch fetch = new Message.Fetch(client.nextRequestId(), r.appId(), r.execId(),
        r.shuffleId(), r.startReduce(), r.endReduce(), r.mapIds());
    client.call(r.host(), r.port(), r.appId(), fetch)
        .whenComplete((answer, error) -> onAnswer(a, answer, error));
  }

  private void onAnswer(Attempt a, Message answer, Throwable error) {
    if (closed) {
      return;
    }
    FetchRequest r = a.request;
    try {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error;
        if (cause instanceof ShuffleClientException sce && sce.errorCode() != null) {
          fail(a, sce.getMessage(), sce.errorCode(), false, sce);
        } else if (++a.ioFailures <= options.ioRetries()) {
          schedule(a, options.ioRetryWaitMillis());
        } else {
          fail(a, "gave up after " + a.ioFailures + " attempts: " + cause.getMessage(), null,
              false, cause);
        }
      } else if (answer instanceof Message.Busy busy) {
        client.busyAnswers.incrementAndGet();
        a.busyAnswers++;
        long backoff = (long) busy.retryAfterMs() << Math.min(a.busyAnswers - 1, 5);
        long delay = Math.min(Math.max(busy.retryAfterMs(), options.maxBusyBackoffMillis()), backoff);
        schedule(a, delay + ThreadLocalRandom.current().nextLong(delay / 4 + 1));
      } else if (answer instanceof Message.Error e) {
        fail(a, "service refused: " + e.code() + ": " + e.message(), e.code(), false, null);
      } else if (answer instanceof Message.FetchData data) {
        accept(a, data);
      } else {
        fail(a, "unexpected answer " + answer.type(), null, false, null);
      }
    } catch (Throwable t) {
      fail(a, t.toString(), null, false, t);
    }
  }

  private void accept(Attempt a, Message.FetchData data) {
    FetchRequest r = a.request;
    long[] maps = r.mapIds();
    int perMap = r.endReduce() - r.startReduce();
    if (data.segments().size() != maps.length * perMap) {
      fail(a, "answer has " + data.segments().size() + " segments, expected "
          + maps.length * perMap, null, false, null);
      return;
    }
    List<FetchedSegment> segments = new ArrayList<>(data.segments().size());
    ShuffleFetchException corrupt = null;
    for (int i = 0; i < data.segments().size(); i++) {
      SegmentInfo s = data.segments().get(i);
      long expectedMap = maps[i / perMap];
      int expectedReduce = r.startReduce() + i % perMap;
      if (s.mapId() != expectedMap || s.reduceId() != expectedReduce) {
        fail(a, "answer out of order: got map " + s.mapId() + " reduce " + s.reduceId(), null,
            false, null);
        return;
      }
      byte[] bytes = data.data()[i];
      try {
        Segments.verify(bytes, 0, bytes.length, s.crc32c(), "shuffle " + r.shuffleId() + " map "
            + s.mapId() + " reduce " + s.reduceId() + " from " + r.host() + ":" + r.port());
        segments.add(new FetchedSegment(r.host(), r.port(), r.shuffleId(), s.mapId(),
            s.reduceId(), bytes));
      } catch (CorruptSegmentException e) {
        client.checksumFailures.incrementAndGet();
        ShuffleFetchException failure = new ShuffleFetchException(e.getMessage(), r.host(),
            r.port(), r.shuffleId(), new long[] {s.mapId()}, s.reduceId(), s.reduceId() + 1,
            ErrorCode.CORRUPT, true, e);
        if (corrupt == null) {
          corrupt = failure; // the first corrupt block is named; further ones ride along
        } else {
          corrupt.addSuppressed(failure);
        }
      }
    }
    results.add(new Result(segments, r.expectedBytes(), corrupt));
  }

  private void schedule(Attempt a, long delayMillis) {
    client.group().schedule(() -> send(a), delayMillis, TimeUnit.MILLISECONDS);
  }

  private void fail(Attempt a, String reason, ErrorCode code, boolean corrupt, Throwable cause) {
    FetchRequest r = a.request;
    results.add(new Result(List.of(), r.expectedBytes(), new ShuffleFetchException(reason, r.host(),
        r.port(), r.shuffleId(), r.mapIds(), r.startReduce(), r.endReduce(), code, corrupt, cause)));
  }

  /** For tests and diagnostics: bytes requested and not yet consumed. */
  synchronized long bytesInFlight() {
    return bytesInFlight;
  }
}
