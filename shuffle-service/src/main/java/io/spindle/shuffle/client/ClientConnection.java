package io.spindle.shuffle.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.spindle.network.ClientHandshakeHandler;
import io.spindle.network.HandshakeException;
import io.spindle.network.NetworkPipeline;
import io.spindle.network.PendingRequests;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.protocol.Message;
import io.spindle.shuffle.protocol.MessageDecoder;
import io.spindle.shuffle.protocol.MessageEncoder;
import io.spindle.shuffle.protocol.Protocol;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One authenticated connection to a shuffle service, for one application: the network layer's
 * framing and handshake, then shuffle messages. Requests can be pipelined; answers are matched to
 * their requests by id ({@link PendingRequests}).
 */
final class ClientConnection {
  private final String address;
  private final String appId;
  private final byte[] secret;
  private final CompletableFuture<ClientConnection> ready = new CompletableFuture<>();
  /** A safety bound: the fetcher's bytes-in-flight window keeps far fewer requests outstanding. */
  static final int MAX_OUTSTANDING_REQUESTS = 4096;
  private final PendingRequests<Message> pending = new PendingRequests<>(MAX_OUTSTANDING_REQUESTS);
  private volatile Channel channel;
  private volatile Throwable closeCause;

  private ClientConnection(String host, int port, String appId, byte[] secret) {
    this.address = host + ":" + port;
    this.appId = appId;
    this.secret = secret;
  }

  /** Connects and authenticates; the future completes once the service accepted the secret. */
  static CompletableFuture<ClientConnection> open(Bootstrap template, String host, int port,
      String appId, byte[] secret, boolean encrypt, int requestTimeoutMillis, Runnable onClose) {
    ClientConnection conn = new ClientConnection(host, port, appId, secret);
    Bootstrap b = template.clone().handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new IdleStateHandler(requestTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
        ClientHandshakeHandler handshake = NetworkPipeline.client(ch.pipeline(), Protocol.MAX_RESPONSE_FRAME_BYTES,
            Protocol.ID, appId, "", secret, encrypt);
        ch.pipeline()
            .addLast(new MessageDecoder())
            .addLast(MessageEncoder.INSTANCE)
            .addLast(conn.new Handler());
        handshake.authenticated().whenComplete((ok, failure) -> {
          if (failure == null) {
            conn.ready.complete(conn);
          } else {
            conn.closeWith(conn.handshakeFailure(failure));
          }
        });
      }
    });
    b.connect(host, port).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        conn.ready.completeExceptionally(
            new IOException("Cannot connect to shuffle service at " + conn.address + ": " + f.cause(),
                f.cause()));
        onClose.run();
        return;
      }
      conn.channel = f.channel();
      f.channel().closeFuture().addListener(c -> onClose.run());
    });
    return conn.ready;
  }

  boolean isActive() {
    Channel ch = channel;
    return ch != null && ch.isActive();
  }

  String address() {
    return address;
  }

  /** Sends a request; the future gets its answer (OK, ERROR, BUSY or FETCH_DATA). */
  CompletableFuture<Message> call(long requestId, Message request) {
    if (!isActive()) {
      return CompletableFuture.failedFuture(closedException());
    }
    CompletableFuture<Message> answer = pending.register(requestId);
    channel.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        closeWith(new IOException("Sending to " + address + " failed: " + f.cause(), f.cause()));
      }
    });
    if (!isActive()) { // closed while registering: channelInactive may have missed this request
      pending.fail(requestId, closedException());
    }
    return answer;
  }

  void close() {
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  private void closeWith(Throwable cause) {
    if (closeCause == null) {
      closeCause = cause;
    }
    close();
  }

  /** What a failed handshake means to callers: a refusal carries the service's error code. */
  private Throwable handshakeFailure(Throwable failure) {
    if (failure instanceof HandshakeException h) {
      ErrorCode code = ErrorCode.of(h.refusal());
      return new ShuffleClientException("Shuffle service at " + address + " refused " + appId + ": " + code
          + ": " + h.getMessage(), code, null);
    }
    return failure instanceof IOException ? failure
        : new IOException("Handshake with " + address + " failed: " + failure, failure);
  }

  private IOException closedException() {
    Throwable cause = closeCause;
    if (cause instanceof ShuffleClientException sce) {
      return sce;
    }
    return new IOException("Connection to shuffle service at " + address + " closed"
        + (cause == null ? "" : ": " + cause.getMessage()), cause);
  }

  private final class Handler extends SimpleChannelInboundHandler<Message> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
      long answerId = answerId(msg);
      if (!pending.complete(answerId, msg)) {
        closeWith(new IOException("Shuffle service at " + address + " answered request " + answerId
            + " that is not waiting for an answer"));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      IOException failure = closedException();
      ready.completeExceptionally(failure);
      pending.failAll(failure);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        if (!pending.isEmpty() || !ready.isDone()) {
          closeWith(new IOException("No answer from shuffle service at " + address + " in time"));
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeWith(cause);
    }
  }

  private static long answerId(Message msg) {
    if (msg instanceof Message.Ok m) {
      return m.requestId();
    } else if (msg instanceof Message.Error m) {
      return m.requestId();
    } else if (msg instanceof Message.Busy m) {
      return m.requestId();
    } else if (msg instanceof Message.FetchData m) {
      return m.requestId();
    }
    return -1;
  }
}
