package io.spindle.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.config.SpindleConfigs;
import io.spindle.function.Pair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sortByKey's reduce side copies records into its sorter as the bytes they arrived in
 * (ShuffleReader, ExternalSorter.insertSerialized) and falls back to objects when a record's bytes
 * are not all in the reader's buffer (a decompressed stream that refilled mid-record) or its key
 * has no prefix. Checked against java.util sorting of the same records, with compressed and plain
 * segments, a small and the default stream buffer, and records larger than the buffer.
 */
class SortByKeyRecordBytesTest {

  /** Keys: empty, skewed (one key for a third of the records), unicode; values from empty to 64 KiB. */
  private static List<Pair<String, String>> records() {
    SplittableRandom random = new SplittableRandom(7);
    List<Pair<String, String>> records = new ArrayList<>();
    String[] fixed = {"", "hot", "\u00e9t\u00e9", "\u65e5\u672c", "\ud83d\ude00", "zz"};
    for (int i = 0; i < 6_000; i++) {
      String key = i % 3 == 0 ? "hot" : i % 7 == 0 ? fixed[i % fixed.length] : Integer.toString(random.nextInt(100_000), 36);
      int length = i % 500 == 0 ? 40_000 + random.nextInt(25_000) : random.nextInt(120);
      StringBuilder value = new StringBuilder(length + 8).append(i).append(':');
      for (int j = 0; j < length; j++) {
        value.append((char) (j % 97 == 0 ? 0x4e00 + random.nextInt(100) : 'a' + random.nextInt(26)));
      }
      records.add(Pair.of(key, value.toString()));
    }
    return records;
  }

  @ParameterizedTest(name = "compress={0}, buffer={1}")
  @CsvSource({"true, 4k", "true, 32k", "false, 4k"})
  void sortedOutputIsTheInputSortedByKey(boolean compress, String buffer) {
    List<Pair<String, String>> input = records();
    SpindleConf conf = new SpindleConf(false).setMaster("local[2]")
        .set(SpindleConfigs.UI_ENABLED.key(), "false")
        .set(SpindleConfigs.SHUFFLE_COMPRESS.key(), String.valueOf(compress))
        .set(SpindleConfigs.SHUFFLE_FILE_BUFFER.key(), buffer);
    try (SpindleContext ctx = new SpindleContext(conf)) {
      for (boolean ascending : new boolean[] {true, false}) {
        List<Pair<String, String>> got = ctx.parallelizePairs(input, 5).sortByKey(ascending, 4).collect();
        Comparator<String> order = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        for (int i = 1; i < got.size(); i++) {
          if (order.compare(got.get(i - 1).key(), got.get(i).key()) > 0) {
            throw new AssertionError("out of order at " + i + ": " + got.get(i - 1).key() + " before " + got.get(i).key());
          }
        }
        // Same records: equal keys come in no particular order, so compare both sorted by (key, value).
        Comparator<Pair<String, String>> total = Comparator.comparing((Pair<String, String> p) -> p.key())
            .thenComparing(Pair::value);
        List<Pair<String, String>> expected = new ArrayList<>(input);
        expected.sort(total);
        List<Pair<String, String>> actual = new ArrayList<>(got);
        actual.sort(total);
        assertEquals(expected, actual);
      }
    }
  }
}
