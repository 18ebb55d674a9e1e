package io.spindle.am;

/**
 * The final tracking URL the AM unregisters with (Spark's behaviour): the history server's page of
 * this application when {@code spindle.yarn.historyServer.address} is set, so the
 * ResourceManager's link keeps working after the AM (and its live UI) is gone; else none.
 */
final class HistoryTrackingUrl {
  private HistoryTrackingUrl() {}

  /** {@code <address>/history/<appId>/}, with http:// added to a bare host:port; "" when no address is set. */
  static String of(String address, String appId) {
    if (address == null || address.isBlank()) {
      return "";
    }
    String base = address.trim();
    if (!base.contains("://")) {
      base = "http://" + base;
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/history/" + appId + "/";
  }
}
