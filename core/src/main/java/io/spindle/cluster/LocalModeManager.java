package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.config.InvalidConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masters {@code local} (1 thread), {@code local[N]} and {@code local[*]} (one per core): {@link LocalThreads}. */
public final class LocalModeManager implements ClusterManager {
  private static final Pattern LOCAL_N = Pattern.compile("local\\[(\\d+|\\*)]");

  @Override
  public boolean canCreate(String master) {
    return master.equals("local") || LOCAL_N.matcher(master).matches();
  }

  @Override
  public String masterSyntax() {
    return "local, local[N] or local[*] (N = number of task threads)";
  }

  @Override
  public LocalThreads deploy(String master, Settings conf) {
    if (master.equals("local")) {
      return new LocalThreads(1, false);
    }
    Matcher matcher = LOCAL_N.matcher(master);
    if (!matcher.matches()) {
      throw new InvalidConfigException("Not a local master: '" + master + "'");
    }
    String n = matcher.group(1);
    return new LocalThreads(n.equals("*") ? Runtime.getRuntime().availableProcessors() : parseThreads(master, n), false);
  }

  /** A positive thread count, else an {@link InvalidConfigException} naming {@code master}. */
  private static int parseThreads(String master, String n) {
    try {
      int threads = Integer.parseInt(n);
      if (threads > 0) {
        return threads;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the error below
    }
    throw new InvalidConfigException("Invalid master '" + master + "': the thread count must be a positive integer.");
  }
}
