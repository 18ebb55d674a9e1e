package io.spindle.shuffle.protocol;

import io.spindle.network.ProtocolId;

/**
 * Constants of the Spindle shuffle protocol. Framing, the versioned handshake and the
 * authentication are the network layer's ({@link io.spindle.network}): every frame is
 *
 * <pre>
 * offset size field
 * 0      4    L, message length: the type byte and the fields
 * 4      8    B, body length: a FETCH_DATA's segment bytes, which follow the message; 0 otherwise
 * 12     1    message type ({@link MessageType})
 * 13     L-1  fields
 * 12+L   B    body
 * </pre>
 *
 * and every connection opens with the network handshake for protocol {@link #ID}
 * ({@code "spindle-shuffle"}, version {@link #VERSION}). All numbers are big-endian; strings are a
 * u16 byte length followed by UTF-8 bytes. The messages are documented on
 * {@link io.spindle.shuffle.server.ShuffleRequestHandler}.
 */
public final class Protocol {
  private Protocol() {}

  /**
   * The version this build speaks. Bump it on any change to a message layout. 2: the network
   * layer's framing and handshake replaced v1's own ("SPSH" frames, HELLO/CHALLENGE/AUTH messages).
   */
  public static final int VERSION = 2;
  /** The protocol's name and version in the handshake. */
  public static final ProtocolId ID = new ProtocolId("spindle-shuffle", VERSION);
  /** Largest frame a server accepts (requests are small: ids only). */
  public static final int MAX_REQUEST_FRAME_BYTES = 1 << 20;
  /** Largest frame message a client accepts (segment descriptions; the data is the body). */
  public static final int MAX_RESPONSE_FRAME_BYTES = 16 << 20;
  /** Largest segment the client can hold (one Java array). */
  public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE - 16;
  /** A connection that has not authenticated within this time is refused. */
  public static final long HANDSHAKE_TIMEOUT_MILLIS = 30_000;
}
