package io.spindle.shuffle.spill;

import io.spindle.task.EngineTaskContext;
import com.esotericsoftware.kryo.Kryo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps the number of runs merged at once bounded ({@code spindle.shuffle.spill.mergeFactor}):
 * each open run costs a file handle and a read buffer. While there are more, the oldest runs are
 * merged into one larger run first, partition by partition, with the consumer's own merge.
 */
final class RunMerger {
  private RunMerger() {}

  /**
   * @param merge builds the merged cursor of one partition from the runs' cursors (hash-combining
   *     or key-ordered)
   */
  static List<SpillRun> mergeDown(List<SpillRun> runs, int mergeFactor, int numPartitions, Kryo kryo,
      EngineTaskContext context, String kind, Function<List<RecordCursor>, RecordCursor> merge) {
    List<SpillRun> left = new ArrayList<>(runs);
    int factor = Math.max(2, mergeFactor);
    while (left.size() > factor) {
      List<SpillRun> batch = new ArrayList<>(left.subList(0, factor));
      left.subList(0, factor).clear();
      List<SpillReader> readers = new ArrayList<>();
      try (SpillWriter writer = new SpillWriter(SpillFiles.create(context, kind + "-merged"), kryo, numPartitions,
          SpillFiles.codec(context))) {
        for (SpillRun r : batch) {
          readers.add(new SpillReader(r, kryo));
        }
        for (int p = 0; p < numPartitions; p++) {
          List<RecordCursor> cursors = new ArrayList<>();
          for (SpillReader reader : readers) {
            cursors.add(reader.partition(p));
          }
          RecordCursor merged = merge.apply(cursors);
          while (merged.advance()) {
            writer.write(p, merged.key(), merged.value());
          }
        }
        left.add(writer.finish());
      } finally {
        for (SpillReader reader : readers) {
          reader.close();
        }
        for (SpillRun r : batch) {
          SpillFiles.delete(r.file());
        }
      }
    }
    return left;
  }
}
