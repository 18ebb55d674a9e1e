package io.spindle.io;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A byte range of one file, and the hosts (and racks) that hold most of its bytes: the places a
 * task reading it would like to run. Immutable; travels to executors inside tasks.
 *
 * <p>For a compressed file the range is in compressed bytes. A file whose codec cannot be split
 * (gzip, …) always has exactly one split, starting at 0.
 */
public final class FileSplit implements Serializable {
  private static final long serialVersionUID = 2L;
  private static final String[] NONE = new String[0];

  private final String path;
  private final long start;
  private final long length;
  private final String[] hosts;
  private final String[] racks;

  public FileSplit(String path, long start, long length, String[] hosts) {
    this(path, start, length, hosts, NONE);
  }

  /**
   * @param hosts host names holding most of the split's bytes, best first (as the file system's
   *     block locations name them); null or empty when unknown
   * @param racks network locations of those hosts (e.g. {@code /dc1/rack7}), best first; null or
   *     empty when the topology says nothing
   */
  public FileSplit(String path, long start, long length, String[] hosts, String[] racks) {
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException("Bad split of " + path + ": start " + start + ", length " + length);
    }
    this.path = Objects.requireNonNull(path, "path");
    this.start = start;
    this.length = length;
    this.hosts = hosts == null ? NONE : hosts.clone();
    this.racks = racks == null ? NONE : racks.clone();
  }

  /** Fully qualified path of the file (e.g. {@code hdfs://nn:8020/a/b} or {@code file:/a/b}). */
  public String path() {
    return path;
  }

  public long start() {
    return start;
  }

  public long length() {
    return length;
  }

  public long end() {
    return start + length;
  }

  /** Hosts holding the most bytes of this split, best first; empty when unknown. */
  public String[] hosts() {
    return hosts.clone();
  }

  /** Racks of {@link #hosts()}, best first, no duplicates; empty when the topology says nothing. */
  public String[] racks() {
    return racks == null ? NONE : racks.clone(); // null only if deserialized from an older form
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FileSplit)) {
      return false;
    }
    FileSplit s = (FileSplit) o;
    return start == s.start && length == s.length && path.equals(s.path)
        && Arrays.equals(hosts, s.hosts) && Arrays.equals(racks(), s.racks());
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, start, length);
  }

  @Override
  public String toString() {
    return path + ":" + start + "+" + length
        + (hosts.length == 0 ? "" : " " + Arrays.toString(hosts))
        + (racks().length == 0 ? "" : " " + Arrays.toString(racks()));
  }
}
