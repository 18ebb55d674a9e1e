package io.spindle.network;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The server's half of the handshake (see {@code package-info}): checks the protocol name and
 * version of the HELLO, challenges the client with a fresh nonce, verifies its proof with the
 * application's secret ({@link HandshakePolicy#secret}), answers AUTH_OK, fires an
 * {@link AuthenticatedPeer} event and leaves the pipeline, so that later frames go straight to the
 * protocol's handlers. If the client asked for encryption (or the policy requires it, and then
 * the client must ask), it installs the connection's ciphers first ({@link InboundCipher},
 * {@link OutboundCipher}). Any failure is answered with a REFUSED frame and the connection closes:
 * a wrong protocol or version, an unknown application, a wrong proof, a protocol message before
 * the handshake ended, a malformed frame, or no completed handshake within the timeout.
 * One instance per connection.
 */
public final class ServerHandshakeHandler extends ChannelInboundHandlerAdapter {
  private enum State { AWAIT_HELLO, AWAIT_AUTH, REFUSED }

  private final ProtocolId protocol;
  private final HandshakePolicy policy;
  private final long timeoutMillis;
  private State state = State.AWAIT_HELLO;
  private ControlMessage.Hello hello;
  private byte[] nonce;
  private byte[] secret;

  /** @param timeoutMillis a connection not authenticated within this time is refused (0: no limit) */
  public ServerHandshakeHandler(ProtocolId protocol, HandshakePolicy policy, long timeoutMillis) {
    this.protocol = protocol;
    this.policy = policy;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (timeoutMillis > 0) {
      ctx.executor().schedule(() -> {
        if (ctx.pipeline().get(ServerHandshakeHandler.class) == this && state != State.REFUSED
            && ctx.channel().isActive()) {
          refuse(ctx, Refusal.BAD_MESSAGE, "Handshake not completed within " + timeoutMillis + " ms");
        }
      }, timeoutMillis, TimeUnit.MILLISECONDS);
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof InboundFrame) && !(msg instanceof BodyChunk)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (state == State.REFUSED || msg instanceof BodyChunk) {
        return; // the rest of a refused stream, or the body of a frame refused already
      }
      InboundFrame frame = (InboundFrame) msg;
      if (!frame.isControl()) {
        refuse(ctx, Refusal.NOT_AUTHENTICATED, "Request before authentication");
        return;
      }
      ControlMessage m = ControlMessage.decode(frame.message());
      if (state == State.AWAIT_HELLO && m instanceof ControlMessage.Hello h) {
        onHello(ctx, h);
      } else if (state == State.AWAIT_AUTH && m instanceof ControlMessage.Auth a) {
        onAuth(ctx, a);
      } else {
        refuse(ctx, Refusal.BAD_MESSAGE, "Unexpected " + m.getClass().getSimpleName() + " during the handshake");
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHello(ChannelHandlerContext ctx, ControlMessage.Hello h) {
    hello = h;
    if (h.magic() != ControlMessage.MAGIC) {
      refuse(ctx, Refusal.VERSION_MISMATCH, String.format(
          "Bad magic %08x: the client does not speak a Spindle protocol", h.magic()));
      return;
    }
    if (!protocol.name().equals(h.protocol()) || protocol.version() != h.version()) {
      refuse(ctx, Refusal.VERSION_MISMATCH, policy.versionMismatchMessage(protocol, h));
      return;
    }
    secret = policy.secret(h.appId());
    if (secret == null) {
      refuse(ctx, Refusal.UNKNOWN_APPLICATION, "Unknown application " + h.appId());
      return;
    }
    nonce = SecretAuth.newNonce();
    state = State.AWAIT_AUTH;
    ctx.writeAndFlush(ControlMessage.encode(
        new ControlMessage.Challenge(nonce, policy.requiresEncryption(h.appId())), ctx.alloc()));
  }

  private void onAuth(ChannelHandlerContext ctx, ControlMessage.Auth a) {
    if (!SecretAuth.verify(secret, protocol.name(), hello.appId(), nonce, a.proof())) {
      refuse(ctx, Refusal.AUTHENTICATION_FAILED,
          "Authentication failed for application " + hello.appId() + ": wrong application secret");
      return;
    }
    boolean encrypt = a.clientNonce() != null;
    InboundCipher inbound = ctx.pipeline().get(InboundCipher.class);
    if (!encrypt && policy.requiresEncryption(hello.appId())) {
      refuse(ctx, Refusal.ENCRYPTION_REQUIRED, "Application " + hello.appId() + " accepts only encrypted "
          + "connections (spindle.network.crypto.enabled=true) and this client did not ask for encryption: "
          + "use a client of the same Spindle release as the server");
      return;
    }
    if (encrypt && (a.clientNonce().length != SecretAuth.NONCE_BYTES || inbound == null)) {
      refuse(ctx, Refusal.BAD_MESSAGE, inbound == null ? "This server cannot encrypt connections"
          : "A client nonce of " + a.clientNonce().length + " bytes, not " + SecretAuth.NONCE_BYTES);
      return;
    }
    SecretAuth.SessionKeys keys = encrypt
        ? SecretAuth.sessionKeys(secret, protocol.name(), hello.appId(), nonce, a.clientNonce()) : null;
    secret = null;
    // AUTH_OK goes out in plaintext: it is encoded right here, before the cipher is installed.
    ctx.writeAndFlush(ControlMessage.encode(new ControlMessage.AuthOk(encrypt), ctx.alloc()));
    if (encrypt) {
      inbound.decryptWith(keys.clientToServer());
      ctx.pipeline().addFirst("cipherOut", new OutboundCipher(keys.serverToClient()));
    } else if (inbound != null) {
      inbound.passPlain();
    }
    ctx.fireUserEventTriggered(new AuthenticatedPeer(hello.appId(), hello.clientId(), encrypt));
    ctx.pipeline().remove(this);
  }

  private void refuse(ChannelHandlerContext ctx, Refusal refusal, String message) {
    state = State.REFUSED;
    secret = null;
    policy.refused(ctx.channel().remoteAddress(), hello, refusal, message);
    ctx.writeAndFlush(ControlMessage.encode(new ControlMessage.Refused(refusal, message), ctx.alloc()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException && state != State.REFUSED) {
      refuse(ctx, Refusal.BAD_MESSAGE, "Malformed frame: " + cause.getMessage());
    } else {
      ctx.close();
    }
  }
}
