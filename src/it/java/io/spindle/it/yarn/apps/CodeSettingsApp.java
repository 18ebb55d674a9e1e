package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.List;

/**
 * Args: {@code key=value} settings the application makes in its own code (which the submitting
 * client cannot see), then counts four numbers.
 */
public final class CodeSettingsApp {
  private CodeSettingsApp() {}

  public static void main(String[] args) {
    SpindleConf conf = new SpindleConf().setAppName("code-settings");
    for (String setting : args) {
      int eq = setting.indexOf('=');
      conf.set(setting.substring(0, eq), setting.substring(eq + 1));
    }
    try (SpindleContext ctx = new SpindleContext(conf)) {
      if (ctx.parallelize(List.of(1, 2, 3, 4), 2).count() != 4) {
        throw new AssertionError("count of 4 numbers");
      }
    }
  }
}
