package com.example;

import io.spindle.PairRdd;
import io.spindle.Rdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import java.math.BigDecimal;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Total sales per region, in cents: {@code SalesByRegion <input csv> <output dir>}. Input lines are
 * {@code region,amount} (CSV: a region may be quoted and hold a comma; a header line is skipped);
 * output lines {@code region<TAB>cents}.
 */
public final class SalesByRegion {
  private SalesByRegion() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: SalesByRegion <input> <output dir>");
      System.exit(2);
    }
    // No master here: spindle-submit --master (or spindle.master) decides where it runs.
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("sales-by-region"))) {
      totals(ctx.textFile(args[0])).map(p -> p.key() + "\t" + p.value()).saveAsTextFile(args[1]);
    }
  }

  /** The job's logic, apart from input and output, so tests can run it on any Rdd. */
  public static PairRdd<String, Long> totals(Rdd<String> lines) {
    return lines.filter(line -> !line.isBlank() && !line.startsWith("region,"))
        .mapToPair(line -> {
          CSVRecord r;
          try (CSVParser parser = CSVParser.parse(line, CSVFormat.DEFAULT)) {
            r = parser.getRecords().get(0);
          }
          return Pair.of(r.get(0), new BigDecimal(r.get(1).trim()).movePointRight(2).longValueExact());
        })
        .reduceByKey(Long::sum);
  }
}
