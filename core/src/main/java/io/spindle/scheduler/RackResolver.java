package io.spindle.scheduler;

/**
 * Maps a host to its rack, for RACK_LOCAL placement. The YARN backend plugs in Hadoop's topology
 * (e.g. {@code RackResolver.resolve(host).getNetworkLocation()}); by default racks are unknown and
 * the RACK_LOCAL level is skipped.
 */
@FunctionalInterface
public interface RackResolver {
  /** Racks are unknown: no task is ever RACK_LOCAL. */
  RackResolver NONE = host -> null;

  /** The rack of a (normalised) host name, or null when unknown. */
  String rackOf(String host);
}
