package io.spindle.shuffle.protocol;

/**
 * Constants of the Spindle shuffle protocol. The layout of messages is documented on
 * {@link io.spindle.shuffle.server.ShuffleRequestHandler}; the framing is:
 *
 * <pre>
 * offset size field
 * 0      4    L, frame length: bytes after this field (a FETCH_DATA's segment bytes are NOT counted)
 * 4      4    magic "SPSH" (0x53505348)
 * 8      1    protocol version
 * 9      1    message type ({@link MessageType})
 * 10     L-6  body
 * </pre>
 *
 * All numbers are big-endian; strings are a u16 byte length followed by UTF-8 bytes. The first
 * ten bytes and the body of ERROR are frozen for every future version, so that a peer speaking
 * another version can always read why it was refused.
 */
public final class Protocol {
  private Protocol() {}

  public static final int MAGIC = 0x53505348; // "SPSH"
  /** The version this build speaks. Bump it on any change to a message layout. */
  public static final int VERSION = 1;
  /** Bytes of a frame header after the length field: magic, version, type. */
  public static final int HEADER_BYTES = 6;
  /** Largest frame a server accepts (requests are small: ids only). */
  public static final int MAX_REQUEST_FRAME_BYTES = 1 << 20;
  /** Largest frame header a client accepts (segment descriptions, not the data). */
  public static final int MAX_RESPONSE_FRAME_BYTES = 16 << 20;
  /** Largest segment the client can hold (one Java array). */
  public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE - 16;
  /** Request id the server uses to answer the authentication step. */
  public static final long AUTH_REQUEST_ID = 0;
}
