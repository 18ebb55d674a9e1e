package io.spindle.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.spindle.network.ControlMessage;
import io.spindle.network.FrameDecoder;
import io.spindle.network.FrameEncoder;
import io.spindle.network.InboundFrame;
import io.spindle.network.OutboundFrame;
import io.spindle.network.ProtocolId;
import io.spindle.network.SecretAuth;
import io.spindle.shuffle.protocol.Message;
import io.spindle.shuffle.protocol.MessageDecoder;
import io.spindle.shuffle.protocol.MessageEncoder;
import io.spindle.shuffle.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A blocking socket speaking the protocol by hand: for malformed, foreign or hostile requests.
 * {@link #read} returns shuffle {@link Message}s and the network layer's handshake frames
 * ({@link ControlMessage}).
 */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final EmbeddedChannel decoder = new EmbeddedChannel(
      new FrameDecoder(Protocol.MAX_RESPONSE_FRAME_BYTES),
      new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (msg instanceof InboundFrame f && f.isControl()) {
            try {
              ctx.fireChannelRead(ControlMessage.decode(f.message()));
            } finally {
              ReferenceCountUtil.release(msg);
            }
          } else {
            ctx.fireChannelRead(msg);
          }
        }
      },
      new MessageDecoder());

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
  }

  void send(Message msg) throws IOException {
    write(MessageEncoder.frame(msg, ByteBufAllocator.DEFAULT));
  }

  void send(ControlMessage msg) throws IOException {
    write(ControlMessage.encode(msg, ByteBufAllocator.DEFAULT));
  }

  /** The handshake's first frame, naming {@code version} of the shuffle protocol. */
  void hello(String appId, int version) throws IOException {
    send(new ControlMessage.Hello(new ProtocolId(Protocol.ID.name(), version), appId, ""));
  }

  private void write(OutboundFrame frame) throws IOException {
    ByteBuf buf = FrameEncoder.toBytes(frame);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** The next message, or null if the server closed the connection. */
  Object read() throws IOException {
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[64 * 1024];
    while (true) {
      Object msg = decoder.readInbound();
      if (msg != null) {
        return msg;
      }
      int n = in.read(chunk);
      if (n < 0) {
        return null;
      }
      decoder.writeInbound(Unpooled.copiedBuffer(chunk, 0, n));
    }
  }

  /** True if the server closed the connection (EOF) within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      return read() == null;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** HELLO + AUTH; returns the server's answer to AUTH (or to HELLO if that failed). */
  Object authenticate(String appId, byte[] secret) throws IOException {
    hello(appId, Protocol.VERSION);
    Object m = read();
    if (!(m instanceof ControlMessage.Challenge c)) {
      return m;
    }
    send(new ControlMessage.Auth(SecretAuth.proof(secret, Protocol.ID.name(), appId, c.nonce())));
    return read();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    decoder.finishAndReleaseAll();
  }
}
