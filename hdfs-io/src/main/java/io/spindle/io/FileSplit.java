package io.spindle.io;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A byte range of one file, and the hosts that hold most of its bytes (the places a task reading
 * it would like to run). Immutable; travels to executors inside tasks.
 */
public final class FileSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final long start;
  private final long length;
  private final String[] hosts;

  public FileSplit(String path, long start, long length, String[] hosts) {
    this.path = path;
    this.start = start;
    this.length = length;
    this.hosts = hosts == null ? new String[0] : hosts.clone();
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

  @Override
  public String toString() {
    return path + ":" + start + "+" + length + (hosts.length == 0 ? "" : " " + Arrays.toString(hosts));
  }
}
