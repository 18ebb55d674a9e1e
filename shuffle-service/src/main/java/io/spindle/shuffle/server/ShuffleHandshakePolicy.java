package io.spindle.shuffle.server;

import io.spindle.network.ControlMessage;
import io.spindle.network.HandshakePolicy;
import io.spindle.network.ProtocolId;
import io.spindle.network.Refusal;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shuffle service's side of the network handshake: the secrets are those of the applications
 * running on this NodeManager; every refusal is counted and logged (never with the secret).
 */
final class ShuffleHandshakePolicy implements HandshakePolicy {
  private static final Logger LOG = LoggerFactory.getLogger(ShuffleRequestHandler.class);
  private final ShuffleServerContext context;

  ShuffleHandshakePolicy(ShuffleServerContext context) {
    this.context = context;
  }

  @Override
  public byte[] secret(String appId) {
    return context.registry.secret(appId);
  }

  @Override
  public String versionMismatchMessage(ProtocolId server, ControlMessage.Hello hello) {
    return "This Spindle shuffle service speaks protocol version " + server.version() + ", the client sent "
        + (server.name().equals(hello.protocol()) ? "" : hello.protocol() + " ") + "version " + hello.version()
        + "; use a shuffle client and service from the same Spindle release";
  }

  @Override
  public void refused(SocketAddress remote, ControlMessage.Hello hello, Refusal refusal, String message) {
    context.counters.requestsRefused.incrementAndGet();
    LOG.warn("Refused connection from {}: {} {}", remote, refusal, message);
  }
}
