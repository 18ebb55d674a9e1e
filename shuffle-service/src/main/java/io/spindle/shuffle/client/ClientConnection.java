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
import io.spindle.shuffle.protocol.Auth;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.protocol.Message;
import io.spindle.shuffle.protocol.MessageDecoder;
import io.spindle.shuffle.protocol.MessageEncoder;
import io.spindle.shuffle.protocol.Protocol;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One authenticated connection to a shuffle service, for one application. Requests can be
 * pipelined: the service answers in order, so answers are matched to a FIFO of pending calls.
 */
final class ClientConnection {
  private final String address;
  private final String appId;
  private final byte[] secret;
  private final CompletableFuture<ClientConnection> ready = new CompletableFuture<>();
  private final Deque<Call> pending = new ArrayDeque<>(); // guarded by itself
  private volatile Channel channel;
  private volatile Throwable closeCause;

  private record Call(long requestId, CompletableFuture<Message> answer) {}

  private ClientConnection(String host, int port, String appId, byte[] secret) {
    this.address = host + ":" + port;
    this.appId = appId;
    this.secret = secret;
  }

  /** Connects and authenticates; the future completes once the service accepted the secret. */
  static CompletableFuture<ClientConnection> open(Bootstrap template, String host, int port,
      String appId, byte[] secret, int requestTimeoutMillis, Runnable onClose) {
    ClientConnection conn = new ClientConnection(host, port, appId, secret);
    Bootstrap b = template.clone().handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline()
            .addLast(new IdleStateHandler(requestTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS))
            .addLast(new MessageDecoder(Protocol.MAX_RESPONSE_FRAME_BYTES))
            .addLast(MessageEncoder.INSTANCE)
            .addLast(conn.new Handler());
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
      f.channel().writeAndFlush(new Message.Hello(appId));
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
    CompletableFuture<Message> answer = new CompletableFuture<>();
    synchronized (pending) {
      if (!isActive()) {
        answer.completeExceptionally(closedException());
        return answer;
      }
      pending.add(new Call(requestId, answer));
      // Written under the lock so that the wire order equals the FIFO order.
      channel.writeAndFlush(request).addListener((ChannelFutureListener) f -> {
        if (!f.isSuccess()) {
          closeWith(new IOException("Sending to " + address + " failed: " + f.cause(), f.cause()));
        }
      });
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
      if (msg instanceof Message.UnsupportedVersion v) {
        closeWith(new ShuffleClientException("Shuffle service at " + address + " speaks protocol "
            + "version " + v.version() + ", this client speaks " + Protocol.VERSION,
            ErrorCode.VERSION_MISMATCH, null));
        return;
      }
      if (!ready.isDone()) {
        onHandshake(ctx, msg);
        return;
      }
      Call call;
      synchronized (pending) {
        call = pending.poll();
      }
      long answerId = answerId(msg);
      if (call == null || call.requestId != answerId) {
        closeWith(new IOException("Shuffle service at " + address + " answered request " + answerId
            + (call == null ? " that was never sent" : " instead of " + call.requestId)));
        if (call != null) {
          call.answer.completeExceptionally(closedException());
        }
        return;
      }
      call.answer.complete(msg);
    }

    private void onHandshake(ChannelHandlerContext ctx, Message msg) {
      if (msg instanceof Message.Challenge c) {
        ctx.writeAndFlush(new Message.AuthProof(Auth.proof(secret, appId, c.nonce())));
      } else if (msg instanceof Message.Ok) {
        ready.complete(ClientConnection.this);
      } else if (msg instanceof Message.Error e) {
        closeWith(new ShuffleClientException("Shuffle service at " + address + " refused "
            + appId + ": " + e.code() + ": " + e.message(), e.code(), null));
      } else {
        closeWith(new IOException("Unexpected " + msg.type() + " during authentication with "
            + address));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      IOException failure = closedException();
      ready.completeExceptionally(failure);
      Deque<Call> calls;
      synchronized (pending) {
        calls = new ArrayDeque<>(pending);
        pending.clear();
      }
      for (Call call : calls) {
        call.answer.completeExceptionally(failure);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        boolean waiting;
        synchronized (pending) {
          waiting = !pending.isEmpty() || !ready.isDone();
        }
        if (waiting) {
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
