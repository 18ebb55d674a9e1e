package io.spindle.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Test helpers: cut a file by hand and read all its splits in order. */
final class SplitReading {
  private SplitReading() {}

  static List<String> readAll(Configuration conf, List<FileSplit> splits, int bufferBytes) throws IOException {
    List<String> lines = new ArrayList<>();
    for (FileSplit split : splits) {
      lines.addAll(read(conf, split, bufferBytes));
    }
    return lines;
  }

  static List<String> readAll(Configuration conf, List<FileSplit> splits) throws IOException {
    return readAll(conf, splits, LineRecordReader.BUFFER_BYTES);
  }

  static List<String> read(Configuration conf, FileSplit split, int bufferBytes) throws IOException {
    List<String> lines = new ArrayList<>();
    try (LineRecordReader reader = new LineRecordReader(conf, split, bufferBytes)) {
      for (String line; (line = reader.next()) != null; ) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Splits of {@code size} bytes (the last one shorter). */
  static List<FileSplit> uniform(String path, long fileLength, long size) {
    List<FileSplit> splits = new ArrayList<>();
    for (long start = 0; start < fileLength; start += size) {
      splits.add(new FileSplit(path, start, Math.min(size, fileLength - start), null));
    }
    return splits;
  }

  /** Splits cut at the given increasing offsets (each in (0, fileLength)). */
  static List<FileSplit> cutAt(String path, long fileLength, long... cuts) {
    List<FileSplit> splits = new ArrayList<>();
    long start = 0;
    for (long cut : cuts) {
      splits.add(new FileSplit(path, start, cut - start, null));
      start = cut;
    }
    splits.add(new FileSplit(path, start, fileLength - start, null));
    return splits;
  }
}
