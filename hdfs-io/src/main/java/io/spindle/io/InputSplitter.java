package io.spindle.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

/**
 * Cuts input files into {@link FileSplit}s, each carrying the hosts and racks that hold most of
 * its bytes.
 *
 * <p>The input is a comma-separated list of paths on any Hadoop file system; each may be a file,
 * a directory (its files, skipping names that start with {@code _} or {@code .}) or a glob.
 *
 * <p>Split size, per file: its block size, lowered to {@code total input / minPartitions} when
 * that is smaller (so there are at least about {@code minPartitions} splits), and capped at
 * {@code maxPartitionBytes}. The last split of a file may be up to 10% larger, so files do not
 * end in tiny splits. Files compressed with a codec that cannot be split (gzip, …) are one split
 * each; bzip2 files are cut like plain files. Empty files get no split.
 */
public final class InputSplitter {
  /** A split may be up to this much larger than the target, so tails do not become tiny splits. */
  private static final double SLOP = 1.1;
  /** Used when a file system reports no block size. */
  private static final long DEFAULT_BLOCK_SIZE = 128L << 20;

  private InputSplitter() {}

  /**
   * @param maxPartitionBytes upper bound of a split's size ({@code spindle.files.maxPartitionBytes})
   */
  public static List<FileSplit> split(Configuration conf, String paths, int minPartitions,
      long maxPartitionBytes) throws IOException {
    if (maxPartitionBytes < 1) {
      throw new IllegalArgumentException("spindle.files.maxPartitionBytes must be at least 1, got "
          + maxPartitionBytes);
    }
    List<FileStatus> files = listFiles(conf, paths);
    long total = 0;
    for (FileStatus f : files) {
      total += f.getLen();
    }
    long goal = Math.max(1, total / Math.max(1, minPartitions));
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf); // once: it loads classes
    List<FileSplit> splits = new ArrayList<>();
    for (FileStatus file : files) {
      if (file.getLen() > 0) {
        splitFile(conf, codecs, file, Math.min(goal, maxPartitionBytes), splits);
      }
    }
    return splits;
  }

  private static void splitFile(Configuration conf, CompressionCodecFactory codecs, FileStatus file,
      long sizeBound, List<FileSplit> out) throws IOException {
    Path path = file.getPath();
    long len = file.getLen();
    long blockSize = file.getBlockSize() > 0 ? file.getBlockSize() : DEFAULT_BLOCK_SIZE;
    CompressionCodec codec = codecs.getCodec(path);
    boolean splittable = codec == null || codec instanceof SplittableCompressionCodec;
    long splitSize = splittable ? Math.min(blockSize, sizeBound) : len;
    BlockLocation[] blocks = blockLocations(conf, file);
    int firstBlock = 0;
    long start = 0;
    while (start < len) {
      long length = len - start > splitSize * SLOP ? splitSize : len - start;
      while (firstBlock + 1 < blocks.length
          && blocks[firstBlock].getOffset() + blocks[firstBlock].getLength() <= start) {
        firstBlock++;
      }
      PreferredLocations where = PreferredLocations.of(blocks, firstBlock, start, length);
      out.add(new FileSplit(path.toString(), start, length, where.hosts, where.racks));
      start += length;
    }
  }

  private static BlockLocation[] blockLocations(Configuration conf, FileStatus file) throws IOException {
    if (file instanceof LocatedFileStatus && ((LocatedFileStatus) file).getBlockLocations() != null) {
      return ((LocatedFileStatus) file).getBlockLocations(); // listed with the directory: no extra call
    }
    return file.getPath().getFileSystem(conf).getFileBlockLocations(file, 0, file.getLen());
  }

  /**
   * Files named by a comma-separated list of files, directories and globs, in a stable order:
   * paths in the order given, each glob's matches and each directory's files sorted by name.
   *
   * @throws InputPathException if a path does not exist or a glob matches nothing (naming it), or
   *     an input directory holds a subdirectory
   */
  public static List<FileStatus> listFiles(Configuration conf, String paths) throws IOException {
    return InputFiles.list(conf, paths);
  }
}
