package io.spindle.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Cuts input files into {@link FileSplit}s.
 *
 * <p>The input is a comma-separated list of paths; each may be a file, a directory (its files,
 * skipping names that start with {@code _} or {@code .}) or a glob. Split size is the file's block
 * size, lowered so that there are at least {@code minPartitions} splits in all and capped at
 * {@code maxPartitionBytes}.
 */
public final class InputSplitter {
  /** A split may be up to this much larger than the target, so tails do not become tiny splits. */
  private static final double SLOP = 1.1;

  private InputSplitter() {}

  public static List<FileSplit> split(Configuration conf, String paths, int minPartitions,
      long maxPartitionBytes) throws IOException {
    List<FileStatus> files = listFiles(conf, paths);
    long total = 0;
    for (FileStatus f : files) {
      total += f.getLen();
    }
    long goal = total / Math.max(1, minPartitions);
    List<FileSplit> splits = new ArrayList<>();
    for (FileStatus file : files) {
      FileSystem fs = file.getPath().getFileSystem(conf);
      long len = file.getLen();
      String path = file.getPath().toString();
      if (len == 0) {
        continue;
      }
      long blockSize = file.getBlockSize() > 0 ? file.getBlockSize() : 32L << 20;
      long splitSize = Math.max(1, Math.min(maxPartitionBytes, Math.min(blockSize, Math.max(goal, 1))));
      if (!Codecs.isSplittable(conf, file.getPath())) {
        splitSize = len;
      }
      BlockLocation[] blocks = fs.getFileBlockLocations(file, 0, len);
      long start = 0;
      while (len - start > splitSize * SLOP) {
        splits.add(new FileSplit(path, start, splitSize, hostsFor(blocks, start, splitSize)));
        start += splitSize;
      }
      splits.add(new FileSplit(path, start, len - start, hostsFor(blocks, start, len - start)));
    }
    return splits;
  }

  /** Files named by a comma-separated list of files, directories and globs, in a stable order. */
  public static List<FileStatus> listFiles(Configuration conf, String paths) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    for (String p : paths.split(",")) {
      String trimmed = p.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      Path path = new Path(trimmed);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path, InputSplitter::visible);
      if (matches == null || matches.length == 0) {
        throw new InputPathException("Input path does not exist: " + fs.makeQualified(path)
            + (trimmed.matches(".*[*?\\[{].*") ? " (the glob matches no file)" : ""));
      }
      Arrays.sort(matches, Comparator.comparing(s -> s.getPath().toString()));
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          FileStatus[] children = fs.listStatus(m.getPath(), InputSplitter::visible);
          Arrays.sort(children, Comparator.comparing(s -> s.getPath().toString()));
          for (FileStatus c : children) {
            if (c.isFile()) {
              out.add(c);
            }
          }
        } else {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static boolean visible(Path p) {
    String name = p.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** Hosts of the block holding the most bytes of [start, start+length). */
  private static String[] hostsFor(BlockLocation[] blocks, long start, long length) throws IOException {
    long end = start + length;
    BlockLocation best = null;
    long bestBytes = -1;
    for (BlockLocation b : blocks) {
      long overlap = Math.min(end, b.getOffset() + b.getLength()) - Math.max(start, b.getOffset());
      if (overlap > bestBytes) {
        bestBytes = overlap;
        best = b;
      }
    }
    return best == null ? new String[0] : best.getHosts();
  }
}
