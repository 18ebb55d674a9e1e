package io.spindle.shuffle.server;

import java.util.regex.Pattern;

/**
 * Checks application and executor ids from the wire. Ids never become paths, but the application
 * id is matched against path components, so it must be one plain name.
 */
final class Ids {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private Ids() {}

  /** Returns null if {@code id} is acceptable, else why not. */
  static String problem(String kind, String id) {
    if (id == null || !SAFE.matcher(id).matches() || id.contains("..")) {
      return "invalid " + kind + " id '" + abbreviate(id) + "'";
    }
    return null;
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
