package io.spindle.io;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;

/**
 * Decompressors report corrupt data as bare "crc error", "invalid distance too far back", or even
 * as runtime exceptions; this wraps them in an IOException that names the file and the codec.
 */
final class CompressedInputError {
  private CompressedInputError() {}

  static IOException of(Path path, CompressionCodec codec, Exception cause) {
    return new IOException("Cannot read " + path + " as " + Codecs.label(codec)
        + ": the file is corrupt, truncated or not compressed with that codec (" + cause + ")."
        + " Check or regenerate the file, or rename it if its suffix is wrong.", cause);
  }
}
