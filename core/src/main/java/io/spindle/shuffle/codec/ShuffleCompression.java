package io.spindle.shuffle.codec;

import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;
import java.util.Locale;

/**
 * What the application's settings say about compressing shuffle output and spills. Writer and
 * reader both build it from the application's settings (an executor has the driver's, sent at
 * registration), so they always agree; the shuffle service never decodes anything.
 *
 * @param shuffleCodec codec of map output segments, or null when {@code spindle.shuffle.compress} is false
 * @param spillCodec codec of spill files, or null when {@code spindle.shuffle.spill.compress} is false
 * @param fileBufferBytes {@code spindle.shuffle.file.buffer}: buffer of the streams that write shuffle and
 *     spill files
 * @param diskBlockCodec what cached and broadcast blocks on disk go through: the encryption alone with
 *     {@code spindle.io.encryption.enabled} (they are not compressed), else null
 */
public record ShuffleCompression(CompressionCodec shuffleCodec, CompressionCodec spillCodec, int fileBufferBytes,
    CompressionCodec diskBlockCodec) {

  /** No compression, 32 KiB buffers (tools and tests that write shuffle files outside an application). */
  public static final ShuffleCompression NONE = new ShuffleCompression(null, null, 32 * 1024, null);

  /** The settings' choice, without encryption at rest (tools and tests); see {@link #of(Settings, byte[])}. */
  public static ShuffleCompression of(Settings conf) {
    return of(conf, null);
  }

  /**
   * The settings' choice; a codec that cannot be built fails here with the key named. With
   * {@code spindle.io.encryption.enabled} both codecs are {@link EncryptedCodec}s (over the
   * compression, or alone) under {@code ioKey} ({@link EncryptedCodec#keyOf}), which must then be given.
   */
  public static ShuffleCompression of(Settings conf, byte[] ioKey) {
    if (conf == null) {
      return NONE;
    }
    int buffer = (int) Math.min(Integer.MAX_VALUE / 2, conf.get(SpindleConfigs.SHUFFLE_FILE_BUFFER));
    boolean shuffle = conf.get(SpindleConfigs.SHUFFLE_COMPRESS);
    boolean spill = conf.get(SpindleConfigs.SHUFFLE_SPILL_COMPRESS);
    CompressionCodec codec = shuffle || spill ? codec(conf.get(SpindleConfigs.IO_COMPRESSION_CODEC), buffer) : null;
    CompressionCodec shuffleCodec = shuffle ? codec : null;
    CompressionCodec spillCodec = spill ? codec : null;
    CompressionCodec diskBlockCodec = null;
    if (conf.get(SpindleConfigs.IO_ENCRYPTION_ENABLED)) {
      if (ioKey == null) {
        throw new IllegalStateException(SpindleConfigs.IO_ENCRYPTION_ENABLED.key() + " is on but this process has "
            + "no IO encryption key");
      }
      shuffleCodec = new EncryptedCodec(shuffleCodec, ioKey);
      spillCodec = new EncryptedCodec(spillCodec, ioKey);
      diskBlockCodec = new EncryptedCodec(null, ioKey);
    }
    return new ShuffleCompression(shuffleCodec, spillCodec, buffer, diskBlockCodec);
  }

  /** {@code lz4}, {@code zstd}, {@code none} (null), or the class name of a codec. */
  public static CompressionCodec codec(String name, int bufferSize) {
    String key = SpindleConfigs.IO_COMPRESSION_CODEC.key();
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "lz4":
        return new Lz4Codec();
      case "zstd":
        return new ZstdCodec(bufferSize);
      case "none":
        return null;
      default:
        break;
    }
    Class<?> type;
    try {
      type = Class.forName(name.trim(), true, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new InvalidConfigException("Invalid value '" + name + "' for " + key
          + ": expected lz4, zstd, none or the class name of a codec on the class path (" + e + ")");
    }
    try {
      if (CompressionCodec.class.isAssignableFrom(type)) {
        return (CompressionCodec) type.getConstructor().newInstance();
      }
      if (org.apache.hadoop.io.compress.CompressionCodec.class.isAssignableFrom(type)) {
        org.apache.hadoop.io.compress.CompressionCodec hadoop = (org.apache.hadoop.io.compress.CompressionCodec)
            org.apache.hadoop.util.ReflectionUtils.newInstance(type, new org.apache.hadoop.conf.Configuration(false));
        return new HadoopCodec(hadoop);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new InvalidConfigException("Invalid value '" + name + "' for " + key + ": cannot create the codec ("
          + e + "); it needs a public no-argument constructor");
    }
    throw new InvalidConfigException("Invalid value '" + name + "' for " + key + ": " + type.getName()
        + " implements neither " + CompressionCodec.class.getName()
        + " nor org.apache.hadoop.io.compress.CompressionCodec; use lz4, zstd or none");
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ShuffleCompression.class.getClassLoader();
  }

  /** The codec's name, or "none". */
  public String shuffleCodecName() {
    return shuffleCodec == null ? "none" : shuffleCodec.name();
  }
}
