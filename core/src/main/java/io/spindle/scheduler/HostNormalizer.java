package io.spindle.scheduler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns host names into one comparable form before split hosts are matched to executor hosts.
 * HDFS and YARN spell the same machine differently (a MiniDFSCluster DataNode says 127.0.0.1 where
 * the NodeManager says localhost; real clusters mix short and fully qualified names).
 */
@FunctionalInterface
public interface HostNormalizer {
  /** Lower-cases and drops a trailing dot; no name service lookups (for tests and fixed names). */
  HostNormalizer LOWER_CASE = HostNormalizer::lowerCase;

  String normalize(String host);

  static String lowerCase(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /**
   * The canonical name of the host's address, so names and addresses of one machine compare equal;
   * every loopback name and address becomes "localhost"; a name that does not resolve stays as
   * written (lower case). When the reverse lookup fails the canonical name is the address itself,
   * so matching falls back to addresses. Results are cached: lookups happen once per host.
   */
  static HostNormalizer resolving() {
    Map<String, String> cache = new ConcurrentHashMap<>();
    return host -> cache.computeIfAbsent(host, h -> {
      String name = lowerCase(h);
      try {
        InetAddress address = InetAddress.getByName(name);
        if (address.isLoopbackAddress()) {
          return "localhost";
        }
        return lowerCase(address.getCanonicalHostName());
      } catch (UnknownHostException | SecurityException e) {
        return name;
      }
    });
  }
}
