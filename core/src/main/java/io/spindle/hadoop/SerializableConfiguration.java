package io.spindle.hadoop;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop {@link Configuration} that travels inside tasks (Configuration is a Writable, not
 * Serializable): the job's settings — input paths, format options, output classes, codecs — reach
 * the executor as the driver set them.
 */
public final class SerializableConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration value;

  public SerializableConfiguration(Configuration value) {
    this.value = value;
  }

  public Configuration value() {
    return value;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    value.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    value = new Configuration(false);
    value.readFields(in);
  }
}
