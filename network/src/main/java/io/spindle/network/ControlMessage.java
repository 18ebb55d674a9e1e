package io.spindle.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;

/**
 * The network layer's own frames: the handshake that opens every connection. Strings are a u16
 * byte length and UTF-8, byte strings a u16 length and the bytes. The layouts of {@link Hello}
 * and {@link Refused} are frozen for every future version, so that a peer of another version can
 * always say which version it speaks and read why it was refused.
 *
 * <pre>
 * type  message    fields
 * 0xF1  HELLO      u32 magic "SPNW" (0x53504e57), str protocol, u32 version, str appId, str clientId
 * 0xF2  CHALLENGE  bytes nonce (32 random bytes) [u8 1: the server accepts only encrypted connections]
 * 0xF3  AUTH       bytes proof ({@link SecretAuth#proof}) [bytes clientNonce (32 random bytes): encrypt]
 * 0xF4  AUTH_OK    [u8 1: encrypted from the next byte on, both ways]
 * 0xF5  REFUSED    u16 code ({@link Refusal}), str message
 * </pre>
 * The bracketed fields are the encryption's (see {@code package-info}); absent, the message reads
 * as it did before encryption existed, and a peer of such a release ignores them when present.
 */
public sealed interface ControlMessage {
  int MAGIC = 0x53504e57; // "SPNW"
  int HELLO = 0xF1;
  int CHALLENGE = 0xF2;
  int AUTH = 0xF3;
  int AUTH_OK = 0xF4;
  int REFUSED = 0xF5;

  /** Client → server, first frame: which protocol and application, and who is calling. */
  record Hello(int magic, String protocol, int version, String appId, String clientId) implements ControlMessage {
    public Hello(ProtocolId protocol, String appId, String clientId) {
      this(MAGIC, protocol.name(), protocol.version(), appId, clientId);
    }
  }

  /**
   * Server → client: prove you know the application's secret by signing this nonce;
   * {@code encryptionRequired}: and ask for encryption, this server accepts nothing else.
   */
  record Challenge(byte[] nonce, boolean encryptionRequired) implements ControlMessage {
    public Challenge(byte[] nonce) {
      this(nonce, false);
    }
  }

  /** Client → server: the proof; a {@code clientNonce} (null: none) asks for an encrypted connection. */
  record Auth(byte[] proof, byte[] clientNonce) implements ControlMessage {
    public Auth(byte[] proof) {
      this(proof, null);
    }
  }

  /** Server → client: authenticated; protocol messages may follow either way, encrypted if {@code encrypted}. */
  record AuthOk(boolean encrypted) implements ControlMessage {
    public AuthOk() {
      this(false);
    }
  }

  /** Server → client: refused; the server closes the connection after this frame. */
  record Refused(Refusal refusal, String message) implements ControlMessage {}

  /** The frame of {@code msg}. */
  static OutboundFrame encode(ControlMessage msg, ByteBufAllocator alloc) {
    ByteBuf b = alloc.buffer(64);
    if (msg instanceof Hello m) {
      b.writeByte(HELLO);
      b.writeInt(m.magic());
      writeString(b, m.protocol());
      b.writeInt(m.version());
      writeString(b, m.appId());
      writeString(b, m.clientId());
    } else if (msg instanceof Challenge m) {
      b.writeByte(CHALLENGE);
      writeBytes(b, m.nonce());
      if (m.encryptionRequired()) {
        b.writeByte(1);
      }
    } else if (msg instanceof Auth m) {
      b.writeByte(AUTH);
      writeBytes(b, m.proof());
      if (m.clientNonce() != null) {
        writeBytes(b, m.clientNonce());
      }
    } else if (msg instanceof AuthOk m) {
      b.writeByte(AUTH_OK);
      if (m.encrypted()) {
        b.writeByte(1);
      }
    } else if (msg instanceof Refused m) {
      b.writeByte(REFUSED);
      b.writeShort(m.refusal().code);
      String text = m.message() == null ? "" : m.message();
      writeString(b, text.length() > 4000 ? text.substring(0, 4000) + "..." : text);
    }
    return OutboundFrame.of(b);
  }

  /** Reads a control frame's message (type byte first); does not release it. */
  static ControlMessage decode(ByteBuf b) {
    int type = b.readUnsignedByte();
    ControlMessage msg = switch (type) {
      case HELLO -> new Hello(b.readInt(), readString(b), b.readInt(), readString(b), readString(b));
      case CHALLENGE -> new Challenge(readBytes(b), b.isReadable() && b.readUnsignedByte() == 1);
      case AUTH -> new Auth(readBytes(b), b.isReadable() ? readBytes(b) : null);
      case AUTH_OK -> new AuthOk(b.isReadable() && b.readUnsignedByte() == 1);
      case REFUSED -> new Refused(Refusal.of(b.readUnsignedShort()), readString(b));
      default -> throw new CorruptedFrameException(String.format("unknown handshake frame type 0x%02x", type));
    };
    return msg;
  }

  private static void writeString(ByteBuf b, String s) {
    writeBytes(b, (s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(ByteBuf b, byte[] bytes) {
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("handshake field of " + bytes.length + " bytes");
    }
    b.writeShort(bytes.length);
    b.writeBytes(bytes);
  }

  private static String readString(ByteBuf b) {
    return new String(readBytes(b), StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(ByteBuf b) {
    int n = b.readUnsignedShort();
    if (n > b.readableBytes()) {
      throw new CorruptedFrameException("handshake field of " + n + " bytes overruns its frame");
    }
    byte[] bytes = new byte[n];
    b.readBytes(bytes);
    return bytes;
  }
}
