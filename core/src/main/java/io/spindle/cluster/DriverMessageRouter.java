package io.spindle.cluster;

import io.spindle.rpc.DriverEndpoint;
import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's RPC endpoint for executors: hands each message to the part of the driver that
 * owns it: registration, task status and disconnection to the {@link ClusterBackend}, heartbeats
 * to the {@link HeartbeatWatchdog}, and requests to the map-output, broadcast and commit endpoints.
 * Runs on Netty threads: none of them blocks for long.
 */
final class DriverMessageRouter implements DriverEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(DriverMessageRouter.class);

  private final ClusterBackend backend;
  private final HeartbeatWatchdog heartbeats;
  private final MapOutputEndpoint mapOutputs;
  private final BroadcastEndpoint broadcasts;
  private final CommitEndpoint commits;

  DriverMessageRouter(ClusterBackend backend, HeartbeatWatchdog heartbeats, MapOutputEndpoint mapOutputs,
      BroadcastEndpoint broadcasts, CommitEndpoint commits) {
    this.backend = backend;
    this.heartbeats = heartbeats;
    this.mapOutputs = mapOutputs;
    this.broadcasts = broadcasts;
    this.commits = commits;
  }

  @Override
  public void registerExecutor(RpcConnection connection, RpcMessage.RegisterExecutor message) {
    backend.registerExecutor(connection, message);
  }

  @Override
  public void receive(RpcConnection connection, RpcMessage message) {
    if (message instanceof RpcMessage.StatusUpdate update) {
      backend.statusUpdate(connection.executorId(), update);
    } else if (message instanceof RpcMessage.Heartbeat) {
      heartbeats.heartbeat(connection.executorId());
      connection.send(new RpcMessage.HeartbeatAck());
    } else if (message instanceof RpcMessage.GetMapOutputs get) {
      connection.send(mapOutputs.answer(get));
    } else if (message instanceof RpcMessage.GetBroadcast get) {
      connection.send(broadcasts.answer(get));
    } else if (message instanceof RpcMessage.BlockUpdate update) {
      backend.blockUpdated(connection.executorId(), update);
    } else if (message instanceof RpcMessage.RegisterBlockStore store) {
      backend.blockStoreRegistered(connection.executorId(), store.maxMemory());
    } else if (message instanceof RpcMessage.AskCommit ask) {
      connection.send(commits.answer(ask));
    } else {
      LOG.warn("Ignoring unexpected message type {} from {}", message.type(), connection);
    }
  }

  @Override
  public void executorDisconnected(RpcConnection connection) {
    backend.executorDisconnected(connection);
  }
}
