package io.spindle;

import io.spindle.hadoop.SerializableConfiguration;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;
import org.apache.hadoop.fs.Path;

/**
 * One file of {@link SpindleContext#binaryFiles}, opened only when asked (Spark's
 * PortableDataStream): {@link #open()} streams it, {@link #toArray()} reads it whole.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public final class PortableDataStream implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final SerializableConfiguration conf;

  PortableDataStream(String path, SerializableConfiguration conf) {
    this.path = path;
    this.conf = conf;
  }

  /** The file's qualified path. */
  public String getPath() {
    return path;
  }

  /** A new stream over the file's bytes; the caller closes it. */
  public DataInputStream open() {
    try {
      Path p = new Path(path);
      return p.getFileSystem(conf.value()).open(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + path, e);
    }
  }

  /** The whole file's bytes. */
  public byte[] toArray() {
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  @Override
  public String toString() {
    return "PortableDataStream(" + path + ")";
  }
}
