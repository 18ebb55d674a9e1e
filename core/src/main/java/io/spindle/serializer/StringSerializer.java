package io.spindle.serializer;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link String} whose chars are all Latin-1 (U+0000..U+00FF: all ASCII text among them)
 * as its length and one byte per char, copied in bulk; any other string in Kryo's own format.
 *
 * <p>Why: Kryo's {@code Output.writeString} takes its ASCII shortcut only for strings of up to 32
 * chars and otherwise encodes (and {@code Input.readString} decodes) char by char; a shuffle of
 * 100-byte text records spent half its CPU time there (issue 15, W3). The JDK copies a Latin-1
 * string's bytes with {@code String.getBytes(int, int, byte[], int)} and builds one from bytes with
 * {@code new String(bytes, off, len, ISO_8859_1)}, each an array copy for compact strings.
 *
 * <p>Format: a positive varint {@code h}; if {@code h} is even, {@code h / 2} bytes follow, one
 * Latin-1 char each; if it is odd, the string follows as {@code Output.writeString} writes it
 * (exact for every string, unpaired surrogates included). Example: {@code "abc"} is
 * {@code 06 61 62 63}; {@code "€"} is {@code 01} then Kryo's bytes. Null never reaches this
 * serializer (Kryo writes its null marker itself), so there is no null form. Records are read by
 * the same build that wrote them (shuffle, spill, cache and checkpoint files of one application),
 * so no older format has to be read.
 */
final class StringSerializer extends Serializer<String> {
  StringSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, String value) {
    int length = value.length();
    if (!isLatin1(value, length)) {
      output.writeVarInt(1, true);
      output.writeString(value);
      return;
    }
    output.writeVarInt(length << 1, true);
    byte[] buffer = output.getBuffer();
    int position = output.position();
    if (output.getClass() == Output.class && buffer != null && buffer.length - position >= length) {
      value.getBytes(0, length, buffer, position); // Latin-1 only: each char is its own low byte
      output.setPosition(position + length);
    } else {
      byte[] bytes = new byte[length];
      value.getBytes(0, length, bytes, 0);
      output.writeBytes(bytes);
    }
  }

  @Override
  public String read(Kryo kryo, Input input, Class<? extends String> type) {
    int header = input.readVarInt(true);
    if ((header & 1) != 0) {
      return input.readString();
    }
    int length = header >>> 1;
    byte[] buffer = input.getBuffer();
    int position = input.position();
    if (input.getClass() == Input.class && buffer != null && input.limit() - position >= length) {
      input.setPosition(position + length);
      return new String(buffer, position, length, StandardCharsets.ISO_8859_1);
    }
    return new String(input.readBytes(length), StandardCharsets.ISO_8859_1);
  }

  /** True if every char is U+00FF or below (for a compact string the JIT reduces this to little). */
  private static boolean isLatin1(String value, int length) {
    for (int i = 0; i < length; i++) {
      if (value.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }
}
