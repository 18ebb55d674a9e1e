package io.spindle.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets before settings are shown or written anywhere (UI environment page, event log):
 * a setting whose key or value matches {@code spindle.redaction.regex} (Spark's
 * {@code spark.redaction.regex}) is shown as {@link #REDACTED}.
 */
public final class Redaction {
  /** What a redacted value reads as (Spark's text). */
  public static final String REDACTED = "*********(redacted)";

  private final Pattern pattern;

  public Redaction(String regex) {
    this.pattern = Pattern.compile(regex);
  }

  public static Redaction fromConf(Settings conf) {
    return new Redaction(conf.get(SpindleConfigs.REDACTION_REGEX));
  }

  public boolean isSecret(String key, String value) {
    return pattern.matcher(key).find() || (value != null && pattern.matcher(value).find());
  }

  /** A copy, in the same order, with the secrets' values replaced. */
  public Map<String, String> redact(Map<String, String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, isSecret(k, v) ? REDACTED : v));
    return out;
  }
}
