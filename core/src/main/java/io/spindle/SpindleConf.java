package io.spindle;

import io.spindle.config.Settings;

/**
 * Configuration of a Spindle application: {@code spindle.*} keys (see
 * {@link io.spindle.config.SpindleConfigs}) and {@code spindle.hadoop.*} keys, which are handed to
 * Hadoop without the prefix. A new conf starts from the JVM's {@code spindle.*} system properties,
 * which is how {@code spindle-submit --conf} reaches the application.
 *
 * <p>The public face of the engine's {@link Settings}: the getters and the parsing live there; this
 * class only makes the setters chain as a {@code SpindleConf}.
 */
public final class SpindleConf extends Settings {
  private static final long serialVersionUID = 1L;

  public SpindleConf() {
    this(true);
  }

  public SpindleConf(boolean loadSystemProperties) {
    super(loadSystemProperties);
  }

  @Override
  public SpindleConf set(String key, String value) {
    super.set(key, value);
    return this;
  }

  public SpindleConf setMaster(String master) {
    return set("spindle.master", master);
  }

  public SpindleConf setAppName(String name) {
    return set("spindle.app.name", name);
  }
}
