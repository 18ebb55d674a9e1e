package io.spindle.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

/** Compression codecs chosen by file name suffix, through Hadoop's codec factory. */
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
}
