package io.spindle.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.BlockLocation;

/**
 * Where a byte range of a file lives: the hosts holding the most of its bytes, and their racks.
 *
 * <p>Each host is weighted by the bytes of the range it holds, summed over the blocks it has a
 * replica of; the result is the best {@code r} hosts, {@code r} being the largest replica count
 * among the blocks involved (so a range inside one block gets exactly that block's hosts, and a
 * range mostly in one block gets that block's hosts). Ties keep the file system's order.
 */
final class PreferredLocations {
  final String[] hosts;
  final String[] racks;

  private PreferredLocations(String[] hosts, String[] racks) {
    this.hosts = hosts;
    this.racks = racks;
  }

  /**
   * @param blocks the file's block locations, sorted by offset (as file systems return them)
   * @param first index of a block at or before {@code start}; lets a caller walking a file's
   *     splits in order avoid rescanning from block 0
   */
  static PreferredLocations of(BlockLocation[] blocks, int first, long start, long length)
      throws IOException {
    long end = start + length;
    Map<String, Long> bytesByHost = new LinkedHashMap<>();
    Map<String, String> rackByHost = new LinkedHashMap<>();
    int replicas = 0;
    for (int i = first; i < blocks.length && blocks[i].getOffset() < end; i++) {
      BlockLocation b = blocks[i];
      long overlap = Math.min(end, b.getOffset() + b.getLength()) - Math.max(start, b.getOffset());
      if (overlap <= 0 && length > 0) {
        continue;
      }
      String[] hosts = b.getHosts();
      String[] topology = b.getTopologyPaths();
      replicas = Math.max(replicas, hosts.length);
      for (int h = 0; h < hosts.length; h++) {
        bytesByHost.merge(hosts[h], Math.max(overlap, 0), Long::sum);
        if (h < topology.length) {
          rackByHost.putIfAbsent(hosts[h], parentOf(topology[h]));
        }
      }
    }
    List<Map.Entry<String, Long>> ranked = new ArrayList<>(bytesByHost.entrySet());
    ranked.sort((a, b) -> Long.compare(b.getValue(), a.getValue())); // stable: ties keep FS order
    int n = Math.min(replicas, ranked.size());
    String[] hosts = new String[n];
    List<String> racks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      hosts[i] = ranked.get(i).getKey();
      String rack = rackByHost.get(hosts[i]);
      if (rack != null && !rack.isEmpty() && !racks.contains(rack)) {
        racks.add(rack);
      }
    }
    return new PreferredLocations(hosts, racks.toArray(new String[0]));
  }

  /** {@code /rack/host:port} -> {@code /rack}. */
  private static String parentOf(String topologyPath) {
    int slash = topologyPath.lastIndexOf('/');
    return slash <= 0 ? "" : topologyPath.substring(0, slash);
  }
}
