package io.spindle.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Reads a whole file as one UTF-8 string, for {@code wholeTextFiles}: decompressed if its name
 * has a codec's suffix, byte order mark dropped, line ends kept as they are.
 */
public final class WholeFileReader {
  /** A Java String holds at most this many bytes of content once decoded, in the worst case. */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

  private WholeFileReader() {}

  public static String read(Configuration conf, String path) throws IOException {
    Path p = new Path(path);
    return read(conf, p.getFileSystem(conf).getFileStatus(p));
  }

  public static String read(Configuration conf, FileStatus file) throws IOException {
    Path path = file.getPath();
    FileSystem fs = path.getFileSystem(conf);
    CompressionCodec codec = Codecs.forPath(conf, path);
    if (codec == null && file.getLen() > MAX_BYTES) {
      throw tooLarge(path);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(
        (int) Math.min(Math.max(file.getLen(), 32), 1 << 26));
    byte[] buf = new byte[64 * 1024];
    boolean tooLarge = false;
    Decompressor decompressor = codec == null ? null : CodecPool.getDecompressor(codec);
    try (InputStream raw = fs.open(path, buf.length);
         InputStream in = codec == null ? raw : codec.createInputStream(raw, decompressor)) {
      for (int n; !tooLarge && (n = in.read(buf)) != -1; ) {
        tooLarge = (long) bytes.size() + n > MAX_BYTES;
        if (!tooLarge) {
          bytes.write(buf, 0, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (codec == null) {
        throw e;
      }
      throw CompressedInputError.of(path, codec, e);
    } finally {
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
      }
    }
    if (tooLarge) {
      throw tooLarge(path);
    }
    String s = bytes.toString(StandardCharsets.UTF_8);
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }

  private static IOException tooLarge(Path path) {
    return new IOException("File " + path + " is larger than 2 GiB and cannot be read as one string;"
        + " read it line by line (textFile) instead.");
  }
}
