package io.spindle.config;

/** A configuration value is malformed; the message names the key, the value and what is expected. */
public class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }
}
