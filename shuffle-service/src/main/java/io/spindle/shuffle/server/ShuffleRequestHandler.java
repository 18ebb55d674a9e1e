package io.spindle.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.spindle.network.AuthenticatedPeer;
import io.spindle.shuffle.format.CorruptSegmentException;
import io.spindle.shuffle.format.Segments;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.format.ShuffleIndex;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.protocol.Message;
import io.spindle.shuffle.protocol.SegmentInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection of the Spindle shuffle protocol, version 2, once the network layer's
 * handshake ({@link io.spindle.network}) has authenticated it for one application. One instance
 * per connection: it holds the application the connection acts for.
 *
 * <h2>Conversation</h2>
 * <pre>
 * client                                   service
 * HELLO("spindle-shuffle", 2, appId) -->                                    (network layer)
 *                                   <--    CHALLENGE(32 random bytes)   or REFUSED UNKNOWN_APPLICATION
 * AUTH(HMAC-SHA256(secret, ...))    -->
 *                                   <--    AUTH_OK                      or REFUSED AUTHENTICATION_FAILED
 * REGISTER_EXECUTOR(id, ...)        -->                                     (this handler)
 *                                   <--    OK(id)                       or ERROR
 * FETCH(id, ...)                    -->
 *                                   <--    FETCH_DATA(id, ...) + bytes  or BUSY(id, ms) or ERROR
 * ... more FETCH / REGISTER_EXECUTOR; answers come in request order
 * </pre>
 * Requests may be pipelined. A handshake refusal (version, application, secret, a request before
 * authentication) closes the connection; so does an ERROR about a malformed frame; an ERROR about
 * one request does not. BUSY means: send the same request again after the given delay. The
 * handshake's proof is {@code HMAC-SHA256(secret, "spindle-network-v1" 0x00 "spindle-shuffle" 0x00
 * appId 0x00 nonce)} (see {@link io.spindle.network.SecretAuth}).
 *
 * <h2>Frames</h2>
 * Framing is the network layer's ({@link Protocol}): u32 message length L, u64 body length B,
 * u8 type, fields, then B bytes of body. Strings are u16 length + UTF-8.
 * <pre>
 * REGISTER_EXECUTOR 4  u64 requestId, str appId, str execId, u16 n, n x str localDir
 * FETCH             5  u64 requestId, str appId, str execId, u32 shuffleId,
 *                      u32 startReduce, u32 endReduce (exclusive), u32 n, n x u64 mapId
 * OK                6  u64 requestId
 * ERROR             7  u64 requestId, u16 code ({@link ErrorCode}), str message
 * BUSY              8  u64 requestId, u32 retryAfterMillis
 * FETCH_DATA        9  u64 requestId, u32 shuffleId, u32 n,
 *                      n x (u64 mapId, u32 reduceId, u64 length, u32 crc32c)
 *                      then the n segments' bytes, back to back, as the frame's body (B = their sum)
 * </pre>
 * Segments come map by map in request order, and within a map by reduce partition, including
 * empty ones (length 0, CRC 0). The CRC32C is the one the index file holds, so the client checks
 * the bytes end to end; the server sends them zero-copy from the data file.
 *
 * <h2>Example</h2>
 * Reduce partitions [0, 2) of map 7 of shuffle 3 of executor "1" of application
 * "application_1_0001", where partition 0 is "hello" and partition 1 empty:
 * <pre>
 * request                                   response
 * 00 00 00 38   L = 56                      00 00 00 41   L = 65
 * 00 00 00 00 00 00 00 00   B = 0           00 00 00 00 00 00 00 05   B = 5
 * 05            FETCH                       09            FETCH_DATA
 * 00 00 00 00 00 00 00 2a  requestId 42     00 00 00 00 00 00 00 2a  requestId 42
 * 00 12 61 70 70 6c .. 31  "application_1_0001"   00 00 00 03   shuffle 3
 * 00 01 31      execId "1"                  00 00 00 02   2 segments
 * 00 00 00 03   shuffle 3                   00 00 00 00 00 00 00 07  00 00 00 00
 * 00 00 00 00   startReduce 0                 00 00 00 00 00 00 00 05  9a 71 bb 4c
 * 00 00 00 02   endReduce 2                     (map 7, reduce 0, 5 bytes, CRC32C)
 * 00 00 00 01   1 map                       00 00 00 00 00 00 00 07  00 00 00 01
 * 00 00 00 00 00 00 00 07  map 7              00 00 00 00 00 00 00 00  00 00 00 00
 *                                               (map 7, reduce 1, empty)
 *                                           68 65 6c 6c 6f   body: "hello", from the data file
 * </pre>
 * A client whose HELLO names version 3 gets, and the connection is then closed:
 * <pre>
 * 00 00 00 ..  00 00 00 00 00 00 00 00  f5  00 01  00 ..
 * REFUSED VERSION_MISMATCH "This Spindle shuffle service speaks protocol version 2, the client sent version 3; ..."
 * </pre>
 *
 * <h2>Safety</h2>
 * Paths are built from registered dirs and numeric ids, never taken from a request; see
 * {@link PathGuard}. Every failure is logged and answered; nothing escapes to the NodeManager.
 */
final class ShuffleRequestHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ShuffleRequestHandler.class);

  private final ShuffleServerContext context;
  private String authenticatedAppId; // set by the handshake, before any request

  ShuffleRequestHandler(ShuffleServerContext context) {
    this.context = context;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    context.counters.openConnections.incrementAndGet();
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    context.counters.openConnections.decrementAndGet();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Message.RegisterExecutor m) {
        if (checkAuthenticated(ctx, m.requestId(), m.appId())) {
          onRegister(ctx, m);
        }
      } else if (msg instanceof Message.Fetch m) {
        if (checkAuthenticated(ctx, m.requestId(), m.appId())) {
          onFetch(ctx, m);
        }
      } else {
        refuseAndClose(ctx, 0, ErrorCode.BAD_REQUEST,
            "Unexpected " + ((Message) msg).type() + " message from a client");
      }
    } catch (Throwable t) {
      // Never let anything reach the NodeManager: log, answer, carry on.
      LOG.error("Internal error in the Spindle shuffle service serving {}", ctx.channel().remoteAddress(), t);
      ctx.writeAndFlush(new Message.Error(requestIdOf(msg), ErrorCode.INTERNAL,
          "Internal error in the shuffle service: " + t));
    }
  }

  /** True if the connection is authenticated for {@code appId} and that app still runs here. */
  private boolean checkAuthenticated(ChannelHandlerContext ctx, long requestId, String appId) {
    if (authenticatedAppId == null) {
      refuseAndClose(ctx, requestId, ErrorCode.NOT_AUTHENTICATED,
          "Request before authentication");
      return false;
    }
    if (!authenticatedAppId.equals(appId)) {
      refuseAndClose(ctx, requestId, ErrorCode.NOT_AUTHENTICATED, "Connection authenticated for "
          + authenticatedAppId + " cannot act for application " + Ids.abbreviate(appId));
      return false;
    }
    if (!context.registry.knows(appId)) {
      refuseAndClose(ctx, requestId, ErrorCode.UNKNOWN_APPLICATION,
          "Application " + appId + " has finished on this NodeManager");
      return false;
    }
    return true;
  }

  private void onRegister(ChannelHandlerContext ctx, Message.RegisterExecutor m) {
    String bad = Ids.problem("executor", m.execId());
    if (bad != null) {
      refuse(ctx, m.requestId(), ErrorCode.BAD_REQUEST, bad);
      return;
    }
    List<Path> dirs;
    try {
      dirs = context.pathGuard.checkRegisteredDirs(m.appId(), m.localDirs());
    } catch (ForbiddenPathException e) {
      refuse(ctx, m.requestId(), ErrorCode.FORBIDDEN_PATH, "Executor " + m.execId()
          + " of " + m.appId() + " refused: " + e.getMessage());
      return;
    }
    if (!context.registry.registerExecutor(m.appId(), m.execId(), dirs)) {
      refuse(ctx, m.requestId(), ErrorCode.UNKNOWN_APPLICATION, "Unknown application " + m.appId());
      return;
    }
    context.counters.registeredExecutors.incrementAndGet();
    LOG.info("Registered executor {} of {} with local dirs {}", m.execId(), m.appId(), dirs);
    ctx.writeAndFlush(new Message.Ok(m.requestId()));
  }

  /** One map output's part of a response: its open data file and the byte range to send. */
  private record MapPart(FileChannel data, long offset, long length, ShuffleIndex index) {}

  private void onFetch(ChannelHandlerContext ctx, Message.Fetch m) {
    context.counters.fetchRequests.incrementAndGet();
    String bad = Ids.problem("executor", m.execId());
    if (bad == null && (m.startReduce() < 0 || m.endReduce() <= m.startReduce())) {
      bad = "bad reduce range [" + m.startReduce() + ", " + m.endReduce() + ")";
    }
    if (bad == null && m.mapIds().length == 0) {
      bad = "no map ids";
    }
    if (bad == null && m.mapIds().length > context.limiter.maxOpenFiles()) {
      bad = m.mapIds().length + " maps in one request, more than this service's limit of "
          + context.limiter.maxOpenFiles() + " open files";
    }
    if (bad != null) {
      refuse(ctx, m.requestId(), ErrorCode.BAD_REQUEST, bad);
      return;
    }
    List<Path> dirs = context.registry.executorDirs(m.appId(), m.execId());
    if (dirs == null) {
      refuse(ctx, m.requestId(), ErrorCode.UNKNOWN_EXECUTOR,
          "Executor " + m.execId() + " of " + m.appId() + " is not registered here");
      return;
    }
    int files = m.mapIds().length;
    if (!context.limiter.tryAcquire(files)) {
      context.counters.busyAnswers.incrementAndGet();
      ctx.writeAndFlush(new Message.Busy(m.requestId(), context.settings.busyRetryMillis()));
      return;
    }
    boolean handedOver = false;
    List<MapPart> parts = new ArrayList<>(files);
    try {
      List<SegmentInfo> segments = new ArrayList<>();
      Path[] dirArray = dirs.toArray(new Path[0]);
      for (long mapId : m.mapIds()) {
        MapPart part = openMapPart(dirArray, m, mapId);
        parts.add(part);
        for (int r = m.startReduce(); r < m.endReduce(); r++) {
          segments.add(new SegmentInfo(mapId, r, part.index.length(r), part.index.checksum(r)));
        }
      }
      List<Object> bodies = context.settings.verifyChecksums()
          ? readVerified(ctx, m, parts) : fileRegions(parts);
      handedOver = true;
      send(ctx, new Message.FetchData(m.requestId(), m.shuffleId(), segments, null), bodies, files);
    } catch (RequestRefused e) {
      refuse(ctx, m.requestId(), e.code, e.getMessage());
    } catch (Throwable t) {
      LOG.error("Failed to serve shuffle {} maps {} of {}", m.shuffleId(), m.mapIds().length,
          m.appId(), t);
      ctx.writeAndFlush(new Message.Error(m.requestId(), ErrorCode.INTERNAL,
          "Shuffle service failed to read shuffle " + m.shuffleId() + ": " + t));
    } finally {
      if (!handedOver) {
        for (MapPart part : parts) {
          closeQuietly(part.data);
        }
        context.limiter.release(files);
      }
    }
  }

  private MapPart openMapPart(Path[] dirs, Message.Fetch m, long mapId) throws IOException {
    Path dir = ShuffleFiles.dirFor(dirs, m.shuffleId(), mapId);
    String what = "shuffle " + m.shuffleId() + " map " + mapId + " of executor " + m.execId()
        + " of " + m.appId();
    Path indexPath;
    Path dataPath;
    try {
      indexPath = context.pathGuard.resolveFile(dir, ShuffleFiles.indexFileName(m.shuffleId(), mapId));
      dataPath = context.pathGuard.resolveFile(dir, ShuffleFiles.dataFileName(m.shuffleId(), mapId));
    } catch (NoSuchFileException e) {
      throw new RequestRefused(ErrorCode.NOT_FOUND, "No map output for " + what);
    } catch (ForbiddenPathException e) {
      throw new RequestRefused(ErrorCode.FORBIDDEN_PATH, "Refused " + what + ": " + e.getMessage());
    }
    ShuffleIndex index = ShuffleIndex.read(indexPath);
    if (m.endReduce() > index.numPartitions()) {
      throw new RequestRefused(ErrorCode.BAD_REQUEST, "Reduce range [" + m.startReduce() + ", "
          + m.endReduce() + ") beyond the " + index.numPartitions() + " partitions of " + what);
    }
    FileChannel data = FileChannel.open(dataPath, StandardOpenOption.READ);
    if (data.size() < index.dataLength()) {
      closeQuietly(data);
      throw new RequestRefused(ErrorCode.CORRUPT, "Data file of " + what + " is shorter ("
          + data.size() + " bytes) than its index says (" + index.dataLength() + ")");
    }
    long offset = index.offset(m.startReduce());
    return new MapPart(data, offset, index.offset(m.endReduce()) - offset, index);
  }

  /** Zero-copy bodies: each region closes its file when sent (or when the channel dies). */
  private static List<Object> fileRegions(List<MapPart> parts) {
    List<Object> bodies = new ArrayList<>(parts.size());
    for (MapPart part : parts) {
      if (part.length > 0) {
        bodies.add(new DefaultFileRegion(part.data, part.offset, part.length));
      } else {
        closeQuietly(part.data);
      }
    }
    return bodies;
  }

  /** The verify option: reads each range, checks every segment, then closes the file. */
  private List<Object> readVerified(ChannelHandlerContext ctx, Message.Fetch m, List<MapPart> parts)
      throws IOException {
    List<Object> bodies = new ArrayList<>(parts.size());
    try {
      for (int i = 0; i < parts.size(); i++) {
        MapPart part = parts.get(i);
        if (part.length > Integer.MAX_VALUE - 16) {
          throw new RequestRefused(ErrorCode.BAD_REQUEST, "Range too large to verify in memory");
        }
        byte[] bytes = new byte[(int) part.length];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          if (part.data.read(buf, part.offset + buf.position()) < 0) {
            throw new RequestRefused(ErrorCode.CORRUPT, "Data file truncated");
          }
        }
        for (int r = m.startReduce(); r < m.endReduce(); r++) {
          int off = (int) (part.index.offset(r) - part.offset);
          String block = "shuffle " + m.shuffleId() + " map " + m.mapIds()[i] + " reduce " + r;
          try {
            Segments.verify(bytes, off, (int) part.index.length(r), part.index.checksum(r), block);
          } catch (CorruptSegmentException e) {
            context.counters.checksumFailures.incrementAndGet();
            LOG.error("Corrupt map output on disk: {} of {}", block, m.appId());
            throw new RequestRefused(ErrorCode.CORRUPT, e.getMessage());
          }
        }
        if (bytes.length > 0) {
          ByteBuf b = ctx.alloc().buffer(bytes.length);
          b.writeBytes(bytes);
          bodies.add(b);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Object b : bodies) {
        ((ByteBuf) b).release();
      }
      throw e;
    } finally {
      for (MapPart part : parts) {
        closeQuietly(part.data);
      }
    }
    return bodies;
  }

  /** Writes header and bodies; frees the load reservation when the last write settles. */
  private void send(ChannelHandlerContext ctx, Message.FetchData header, List<Object> bodies,
      int files) {
    long bytes = header.bodyBytes();
    ChannelFuture last = ctx.write(header);
    for (Object body : bodies) {
      last = ctx.write(body);
    }
    ctx.flush();
    last.addListener((ChannelFutureListener) f -> {
      context.limiter.release(files);
      if (f.isSuccess()) {
        context.counters.bytesServed.addAndGet(bytes);
      } else {
        LOG.debug("Sending shuffle {} to {} failed", header.shuffleId(), f.channel().remoteAddress(),
            f.cause());
      }
    });
  }

  private void refuse(ChannelHandlerContext ctx, long requestId, ErrorCode code, String message) {
    context.counters.requestsRefused.incrementAndGet();
    LOG.warn("Refused request from {}: {} {}", ctx.channel().remoteAddress(), code, message);
    ctx.writeAndFlush(new Message.Error(requestId, code, message));
  }

  private void refuseAndClose(ChannelHandlerContext ctx, long requestId, ErrorCode code,
      String message) {
    context.counters.requestsRefused.incrementAndGet();
    LOG.warn("Refused connection from {}: {} {}", ctx.channel().remoteAddress(), code, message);
    ctx.writeAndFlush(new Message.Error(requestId, code, message))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof AuthenticatedPeer peer) {
      authenticatedAppId = peer.appId();
      if (peer.encrypted()) {
        context.counters.encryptedConnections.incrementAndGet();
      }
    } else if (evt instanceof IdleStateEvent) {
      ctx.close(); // idle clients reconnect when they need to
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      refuseAndClose(ctx, 0, ErrorCode.BAD_REQUEST, "Malformed frame: " + cause.getMessage());
    } else if (cause instanceof IOException) {
      LOG.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    } else {
      LOG.error("Unexpected error on shuffle connection from {}", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }

  private static long requestIdOf(Object msg) {
    if (msg instanceof Message.Fetch m) {
      return m.requestId();
    }
    if (msg instanceof Message.RegisterExecutor m) {
      return m.requestId();
    }
    return 0;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing useful to do
    }
  }

  /** A request refused for a reason the client should see. */
  private static final class RequestRefused extends IOException {
    private static final long serialVersionUID = 1L;
    final ErrorCode code;

    RequestRefused(ErrorCode code, String message) {
      super(message);
      this.code = code;
    }
  }
}
