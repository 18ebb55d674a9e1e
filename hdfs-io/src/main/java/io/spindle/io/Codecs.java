package io.spindle.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

/** Compression codecs through Hadoop's codec factory (so {@code io.compression.codecs} applies). */
public final class Codecs {
  private Codecs() {}

  /** The codec for a file name ({@code .gz}, {@code .bz2}, …), or null for plain files. */
  public static CompressionCodec forPath(Configuration conf, Path path) {
    return new CompressionCodecFactory(conf).getCodec(path);
  }

  public static boolean isSplittable(Configuration conf, Path path) {
    CompressionCodec codec = forPath(conf, path);
    return codec == null || codec instanceof SplittableCompressionCodec;
  }

  /**
   * The codec called {@code name}: a short name ({@code gzip}, {@code bzip2}, {@code deflate}, …),
   * a class's simple name ({@code GzipCodec}) or a class name.
   *
   * @throws IllegalArgumentException naming the codecs that are known
   */
  public static CompressionCodec forName(Configuration conf, String name) {
    CompressionCodecFactory factory = new CompressionCodecFactory(conf);
    CompressionCodec codec = name == null ? null : factory.getCodecByName(name.trim());
    if (codec == null) {
      throw new IllegalArgumentException("Unknown compression codec \"" + name + "\". Use one of "
          + knownNames(conf) + ", or add its class to io.compression.codecs.");
    }
    return codec;
  }

  private static List<String> knownNames(Configuration conf) {
    List<String> names = new ArrayList<>();
    for (Class<? extends CompressionCodec> c : CompressionCodecFactory.getCodecClasses(conf)) {
      names.add(c.getSimpleName().replaceFirst("Codec$", "").toLowerCase(java.util.Locale.ROOT));
    }
    return names;
  }

  /** A short label for messages: "gzip", "bzip2", … */
  static String label(CompressionCodec codec) {
    String ext = codec.getDefaultExtension();
    return codec.getClass().getSimpleName().replaceFirst("Codec$", "").toLowerCase(java.util.Locale.ROOT)
        + (ext.isEmpty() ? "" : " (" + ext + ")");
  }
}
