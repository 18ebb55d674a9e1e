package io.spindle.shuffle.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.spindle.shuffle.protocol.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Talks to Spindle shuffle services for one application secret: registers executors and fetches
 * blocks from many hosts at once. Keeps one authenticated connection per (host, port, app).
 * Thread-safe; create one per executor and close it at the end.
 *
 * <pre>{@code
 * try (ShuffleClient client = new ShuffleClient(secret, ShuffleClientOptions.defaults())) {
 *   client.registerExecutor("nm1", 7447, appId, "3", localDirs);
 *   try (ShuffleFetchIterator it = client.fetch(requests)) {
 *     while (it.hasNext()) {
 *       FetchedSegment s = it.next(); // verified bytes, or a ShuffleFetchException
 *     }
 *   }
 * }
 * }</pre>
 */
public final class ShuffleClient implements AutoCloseable {
  private final byte[] secret;
  private final ShuffleClientOptions options;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Map<String, CompletableFuture<ClientConnection>> connections = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong(Math.max(1, System.nanoTime() & 0xFFFFFF));
  final AtomicLong checksumFailures = new AtomicLong();
  final AtomicLong busyAnswers = new AtomicLong();

  public ShuffleClient(byte[] secret, ShuffleClientOptions options) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("the application secret is empty");
    }
    this.secret = secret.clone();
    this.options = options;
    this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(),
        new DefaultThreadFactory("spindle-shuffle-client", true), NioIoHandler.newFactory());
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis());
  }

  /**
   * Tells the shuffle service at host:port where this executor's map outputs are (the
   * application-level local dirs, in the order the writer uses with
   * {@link io.spindle.shuffle.format.ShuffleFiles#dirFor}). Retries network failures.
   */
  public void registerExecutor(String host, int port, String appId, String execId,
      List<String> localDirs) throws ShuffleClientException, InterruptedException {
    Message request = new Message.RegisterExecutor(nextRequestId(), appId, execId, localDirs);
    IOException last = null;
    for (int attempt = 0; attempt <= options.ioRetries(); attempt++) {
      if (attempt > 0) {
        Thread.sleep(options.ioRetryWaitMillis());
      }
      try {
        Message answer = call(host, port, appId, request).get();
        if (answer instanceof Message.Ok) {
          return;
        }
        if (answer instanceof Message.Error e) {
          throw new ShuffleClientException("Shuffle service at " + host + ":" + port
              + " refused executor " + execId + " of " + appId + ": " + e.message(), e.code(), null);
        }
        throw new ShuffleClientException("Unexpected answer " + answer.type() + " to registration",
            null, null);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ShuffleClientException sce && sce.errorCode() != null) {
          throw sce;
        }
        last = cause instanceof IOException io ? io : new IOException(cause);
      }
    }
    throw new ShuffleClientException("Could not register executor " + execId + " of " + appId
        + " with the shuffle service at " + host + ":" + port + " after "
        + (options.ioRetries() + 1) + " attempts: " + last.getMessage(), null, last);
  }

  /**
   * Starts fetching; segments come out of the iterator as they arrive, in no particular order.
   * At most {@link ShuffleClientOptions#maxBytesInFlight()} bytes are requested and not yet
   * consumed at any time.
   */
  public ShuffleFetchIterator fetch(Collection<FetchRequest> requests) {
    List<FetchRequest> split = new ArrayList<>();
    for (FetchRequest r : requests) {
      split.addAll(splitByMaps(r, options.maxMapsPerRequest()));
    }
    return new ShuffleFetchIterator(this, split, options);
  }

  /** Corrupt segments seen by this client so far (the metric "checksum failures" lives here). */
  public long checksumFailures() {
    return checksumFailures.get();
  }

  /** BUSY answers received so far. */
  public long busyAnswers() {
    return busyAnswers.get();
  }

  static List<FetchRequest> splitByMaps(FetchRequest r, int maxMaps) {
    long[] maps = r.mapIds();
    if (maps.length <= maxMaps) {
      return List.of(r);
    }
    List<FetchRequest> parts = new ArrayList<>();
    for (int from = 0; from < maps.length; from += maxMaps) {
      int to = Math.min(maps.length, from + maxMaps);
      long[] slice = java.util.Arrays.copyOfRange(maps, from, to);
      parts.add(new FetchRequest(r.host(), r.port(), r.appId(), r.execId(), r.shuffleId(), slice,
          r.startReduce(), r.endReduce(), r.expectedBytes() * slice.length / maps.length));
    }
    return parts;
  }

  long nextRequestId() {
    return requestIds.incrementAndGet();
  }

  EventLoopGroup group() {
    return group;
  }

  /** Sends one request on the pooled connection, connecting and authenticating if needed. */
  CompletableFuture<Message> call(String host, int port, String appId, Message request) {
    long requestId = request instanceof Message.Fetch f ? f.requestId()
        : ((Message.RegisterExecutor) request).requestId();
    return connection(host, port, appId).thenCompose(c -> c.call(requestId, request));
  }

  private CompletableFuture<ClientConnection> connection(String host, int port, String appId) {
    String key = host + ":" + port + "/" + appId;
    while (true) {
      CompletableFuture<ClientConnection> f = connections.computeIfAbsent(key, k -> {
        AtomicReference<CompletableFuture<ClientConnection>> self = new AtomicReference<>();
        CompletableFuture<ClientConnection> opened = ClientConnection.open(bootstrap, host, port,
            appId, secret, options.encrypt(), options.requestTimeoutMillis(),
            () -> connections.remove(key, self.get())); // forget it once closed
        self.set(opened);
        return opened;
      });
      if (f.isDone() && (f.isCompletedExceptionally() || !f.join().isActive())) {
        connections.remove(key, f); // failed or closed since: open a new one
        continue;
      }
      return f;
    }
  }

  @Override
  public void close() {
    for (CompletableFuture<ClientConnection> f : connections.values()) {
      f.thenAccept(ClientConnection::close);
    }
    connections.clear();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
