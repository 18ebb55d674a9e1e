package io.spindle.config;

import java.util.function.Function;

/**
 * One configuration key: its name, default, one line of doc and how to parse it. All keys are
 * constants in {@link SpindleConfigs}, so documentation can be generated from the code.
 */
public final class ConfigEntry<T> {
  private final String key;
  private final String defaultValue;
  private final String doc;
  private final String expected;
  private final Function<String, T> parser;

  private ConfigEntry(String key, String defaultValue, String doc, String expected, Function<String, T> parser) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.expected = expected;
    this.parser = parser;
  }

  /** A positive integer key; {@code defaultValue} may be null for "unset". */
  public static ConfigEntry<Integer> positiveInt(String key, Integer defaultValue, String doc) {
    return new ConfigEntry<>(key, defaultValue == null ? null : defaultValue.toString(), doc, "a positive integer", s -> {
      int v = Integer.parseInt(s.trim());
      if (v <= 0) {
        throw new IllegalArgumentException();
      }
      return v;
    });
  }

  /** An integer of 0 or more; {@code defaultValue} may be null for "unset". */
  public static ConfigEntry<Integer> nonNegativeInt(String key, Integer defaultValue, String doc) {
    return new ConfigEntry<>(key, defaultValue == null ? null : defaultValue.toString(), doc, "an integer of 0 or more",
        s -> {
          int v = Integer.parseInt(s.trim());
          if (v < 0) {
            throw new IllegalArgumentException();
          }
          return v;
        });
  }

  public static ConfigEntry<Long> bytes(String key, String defaultValue, String doc) {
    return new ConfigEntry<>(key, defaultValue, doc, "a size such as 134217728, 128k, 64m or 1g", ByteSizes::parse);
  }

  public static ConfigEntry<Boolean> bool(String key, boolean defaultValue, String doc) {
    return new ConfigEntry<>(key, Boolean.toString(defaultValue), doc, "true or false", s -> {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      if (!t.equals("true") && !t.equals("false")) {
        throw new IllegalArgumentException();
      }
      return Boolean.parseBoolean(t);
    });
  }

  /** A duration in milliseconds, written like 3s, 100ms or 2min; {@code defaultValue} may be null for "unset". */
  public static ConfigEntry<Long> durationMillis(String key, String defaultValue, String doc) {
    return new ConfigEntry<>(key, defaultValue, doc, "a duration such as 3s, 100ms, 2min or 1h (a bare number is ms)",
        TimeDurations::parseMillis);
  }

  /** A fraction in (0, 1]. */
  public static ConfigEntry<Double> fraction(String key, double defaultValue, String doc) {
    return new ConfigEntry<>(key, Double.toString(defaultValue), doc, "a number in (0, 1]", s -> {
      double v = Double.parseDouble(s.trim());
      if (!(v > 0 && v <= 1)) {
        throw new IllegalArgumentException();
      }
      return v;
    });
  }

  /** A number greater than 0 (a factor such as 1.5). */
  public static ConfigEntry<Double> positiveNumber(String key, double defaultValue, String doc) {
    return new ConfigEntry<>(key, Double.toString(defaultValue), doc, "a number greater than 0", s -> {
      double v = Double.parseDouble(s.trim());
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException();
      }
      return v;
    });
  }

  /** An integer in [min, max] (a port: 0 to 65535, 0 meaning any free port). */
  public static ConfigEntry<Integer> intInRange(String key, int defaultValue, int min, int max, String doc) {
    return new ConfigEntry<>(key, Integer.toString(defaultValue), doc, "an integer from " + min + " to " + max, s -> {
      int v = Integer.parseInt(s.trim());
      if (v < min || v > max) {
        throw new IllegalArgumentException();
      }
      return v;
    });
  }

  /**
   * A codec name: one of {@code names} (any case, returned in lower case) or a Java class name, resolved
   * by its user (this package cannot load codec classes).
   */
  public static ConfigEntry<String> nameOrClassName(String key, String defaultValue, java.util.List<String> names,
      String doc) {
    return new ConfigEntry<>(key, defaultValue, doc, String.join(", ", names) + " or a class name", s -> {
      String t = s.trim();
      if (names.contains(t.toLowerCase(java.util.Locale.ROOT))) {
        return t.toLowerCase(java.util.Locale.ROOT);
      }
      String part = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
      if (!t.matches(part + "(\\." + part + ")+")) {
        throw new IllegalArgumentException();
      }
      return t;
    });
  }

  /** A string key; {@code defaultValue} may be null for "unset". */
  public static ConfigEntry<String> string(String key, String defaultValue, String doc) {
    return new ConfigEntry<>(key, defaultValue, doc, "a string", s -> s);
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  /** Parses {@code raw}; a malformed value gets a message naming the key, the value and what is expected. */
  public T parse(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      throw new InvalidConfigException("Invalid value '" + raw + "' for " + key + ": expected "
          + expected + " (" + doc + ")");
    }
  }
}
