package io.spindle.rpc;

import io.spindle.network.ControlMessage;
import io.spindle.network.HandshakePolicy;
import io.spindle.network.ProtocolId;
import io.spindle.network.Refusal;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of the network handshake: one application, one secret; refusals are counted
 * on the {@link RpcServer} and logged at WARN (under {@link DriverRpcHandler}'s logger, where the
 * driver's connection events are), naming the executor and its address, never the secret.
 */
final class DriverHandshakePolicy implements HandshakePolicy {
  private static final Logger LOG = LoggerFactory.getLogger(DriverRpcHandler.class);
  private final RpcServer server;

  DriverHandshakePolicy(RpcServer server) {
    this.server = server;
  }

  @Override
  public byte[] secret(String appId) {
    return server.appId().equals(appId) ? server.secret() : null;
  }

  @Override
  public boolean requiresEncryption(String appId) {
    return server.encryptionRequired();
  }

  @Override
  public String versionMismatchMessage(ProtocolId driver, ControlMessage.Hello hello) {
    return "Protocol version mismatch: the driver speaks Spindle RPC v" + driver.version() + ", this executor v"
        + hello.version() + (driver.name().equals(hello.protocol()) ? "" : " of " + hello.protocol())
        + ". Run the driver and the executors with the same Spindle version.";
  }

  @Override
  public void refused(SocketAddress remote, ControlMessage.Hello hello, Refusal refusal, String message) {
    String executor = hello == null ? "?" : hello.clientId();
    switch (refusal) {
      case VERSION_MISMATCH -> {
        server.versionMismatches.incrementAndGet();
        LOG.warn("Refused executor {} from {}: {}", executor, remote, message);
      }
      case UNKNOWN_APPLICATION -> {
        server.authFailures.incrementAndGet();
        LOG.warn("Refused executor {} from {}: it belongs to application {}, not {}", executor, remote,
            hello.appId(), server.appId());
      }
      case AUTHENTICATION_FAILED -> {
        server.authFailures.incrementAndGet();
        LOG.warn("Refused executor {} from {}: wrong application secret (authentication failed)", executor, remote);
      }
      default -> LOG.warn("Refused a connection from {}: {}", remote, message);
    }
  }
}
