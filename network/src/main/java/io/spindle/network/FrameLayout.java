package io.spindle.network;

/**
 * The frame layout shared by every Spindle protocol (the driver RPC and the shuffle protocol).
 *
 * <pre>
 * offset  size  field
 * 0       4     L  message length: the type byte and the fields (1 &lt;= L &lt;= the receiver's limit)
 * 4       8     B  body length: raw bytes that follow the message (0 unless the protocol uses bodies)
 * 12      1     type: 0x00-0xEF the protocol's own messages, 0xF0-0xFF this layer's handshake
 * 13      L-1   fields, as the protocol defines them
 * 12+L    B     body (e.g. shuffle segments sent zero-copy from a file), not counted in L
 * </pre>
 *
 * All numbers are big-endian. Example, a frame of type 0x05 with the 4-byte field {@code 00 00 00 2a}
 * and no body: {@code 00 00 00 05  00 00 00 00 00 00 00 00  05  00 00 00 2a}.
 */
public final class FrameLayout {
  private FrameLayout() {}

  /** Bytes before the message: L (4) and B (8). */
  public static final int PREFIX_BYTES = 12;
  /** Types from here on belong to the network layer ({@link ControlMessage}). */
  public static final int FIRST_CONTROL_TYPE = 0xF0;
}
