package io.spindle.network;

/**
 * Which protocol a connection speaks, named in the handshake's HELLO: a name (e.g.
 * {@code "spindle-rpc"}, {@code "spindle-shuffle"}) and a version that is bumped on any change of
 * the protocol's messages. Both must match the server's exactly, or the connection is refused
 * with {@link Refusal#VERSION_MISMATCH}.
 */
public record ProtocolId(String name, int version) {
  public ProtocolId {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("protocol name is empty");
    }
  }

  @Override
  public String toString() {
    return name + " v" + version;
  }
}
