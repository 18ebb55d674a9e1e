package io.spindle.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The client's half of the handshake (see {@code package-info}): sends HELLO when the connection
 * is up, answers the CHALLENGE with the proof of the application's secret, and on AUTH_OK leaves
 * the pipeline and completes {@link #authenticated()}; if it asked for encryption (or the server
 * required it), it installs the connection's ciphers first and fails if the server did not agree.
 * A REFUSED frame fails that future with a {@link HandshakeException} naming the server's reason; a
 * close or an error during the handshake fails it with an {@link IOException}. The caller bounds the
 * wait. One instance per connection.
 */
public final class ClientHandshakeHandler extends ChannelInboundHandlerAdapter {
  private final ProtocolId protocol;
  private final String appId;
  private final String clientId;
  private final byte[] secret;
  private final boolean askForEncryption;
  private final CompletableFuture<Void> authenticated = new CompletableFuture<>();
  private SecretAuth.SessionKeys keys; // set when this connection is to be encrypted

  public ClientHandshakeHandler(ProtocolId protocol, String appId, String clientId, byte[] secret) {
    this(protocol, appId, clientId, secret, false);
  }

  /**
   * @param askForEncryption ask the server to encrypt the connection (it is encrypted anyway if the
   *     server's CHALLENGE says the server requires it)
   */
  public ClientHandshakeHandler(ProtocolId protocol, String appId, String clientId, byte[] secret,
      boolean askForEncryption) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("the application secret is empty");
    }
    this.protocol = protocol;
    this.appId = appId;
    this.clientId = clientId == null ? "" : clientId;
    this.secret = secret.clone();
    this.askForEncryption = askForEncryption;
  }

  /** Completes once the server accepted this client; protocol messages may be sent from then on. */
  public CompletableFuture<Void> authenticated() {
    return authenticated;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.writeAndFlush(ControlMessage.encode(new ControlMessage.Hello(protocol, appId, clientId), ctx.alloc()));
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof InboundFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (!frame.isControl()) {
        fail(ctx, new IOException("The server sent a protocol message before the handshake ended"));
        return;
      }
      ControlMessage m = ControlMessage.decode(frame.message());
      if (m instanceof ControlMessage.Challenge c) {
        byte[] proof = SecretAuth.proof(secret, protocol.name(), appId, c.nonce());
        byte[] clientNonce = null;
        if (askForEncryption || c.encryptionRequired()) {
          clientNonce = SecretAuth.newNonce();
          keys = SecretAuth.sessionKeys(secret, protocol.name(), appId, c.nonce(), clientNonce);
        }
        ctx.writeAndFlush(ControlMessage.encode(new ControlMessage.Auth(proof, clientNonce), ctx.alloc()));
      } else if (m instanceof ControlMessage.AuthOk ok) {
        onAuthOk(ctx, ok);
      } else if (m instanceof ControlMessage.Refused r) {
        fail(ctx, new HandshakeException(r.refusal(), r.message()));
      } else {
        fail(ctx, new IOException("Unexpected " + m.getClass().getSimpleName() + " from the server"));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onAuthOk(ChannelHandlerContext ctx, ControlMessage.AuthOk ok) {
    InboundCipher inbound = ctx.pipeline().get(InboundCipher.class);
    if (keys != null && !ok.encrypted()) {
      fail(ctx, new IOException("The server at " + ctx.channel().remoteAddress() + " accepted this client without "
          + "the encryption it asked for: the server is of a Spindle release without encryption. Run the same "
          + "release on both sides, or set spindle.network.crypto.enabled=false"));
      return;
    }
    if (keys == null && ok.encrypted()) {
      fail(ctx, new IOException("The server at " + ctx.channel().remoteAddress() + " encrypted a connection this "
          + "client did not ask to encrypt"));
      return;
    }
    if (keys != null) {
      if (inbound == null) {
        fail(ctx, new IOException("This client's pipeline has no cipher (built without NetworkPipeline)"));
        return;
      }
      inbound.decryptWith(keys.serverToClient());
      ctx.pipeline().addFirst("cipherOut", new OutboundCipher(keys.clientToServer()));
      keys = null;
    } else if (inbound != null) {
      inbound.passPlain();
    }
    ctx.pipeline().remove(this);
    authenticated.complete(null);
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    authenticated.completeExceptionally(cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    authenticated.completeExceptionally(new IOException("The server at " + ctx.channel().remoteAddress()
        + " closed the connection during the handshake"));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause instanceof IOException ? cause : new IOException("Handshake failed: " + cause, cause));
  }
}
