package io.spindle.shuffle.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.spindle.shuffle.protocol.Auth;
import io.spindle.shuffle.protocol.Message;
import io.spindle.shuffle.protocol.MessageDecoder;
import io.spindle.shuffle.protocol.MessageEncoder;
import io.spindle.shuffle.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking socket speaking the protocol by hand: for malformed, foreign or hostile requests. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final EmbeddedChannel decoder =
      new EmbeddedChannel(new MessageDecoder(Protocol.MAX_RESPONSE_FRAME_BYTES));

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
  }

  void send(Message msg) throws IOException {
    send(msg, Protocol.VERSION);
  }

  void send(Message msg, int version) throws IOException {
    ByteBuf buf = Unpooled.buffer();
    MessageEncoder.encode(msg, version, buf);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** The next message, or null if the server closed the connection. */
  Message read() throws IOException {
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[64 * 1024];
    while (true) {
      Object msg = decoder.readInbound();
      if (msg != null) {
        return (Message) msg;
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
  Message authenticate(String appId, byte[] secret) throws IOException {
    send(new Message.Hello(appId));
    Message m = read();
    if (!(m instanceof Message.Challenge c)) {
      return m;
    }
    send(new Message.AuthProof(Auth.proof(secret, appId, c.nonce())));
    return read();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    decoder.finishAndReleaseAll();
  }
}
