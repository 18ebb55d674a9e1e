package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The job's logic in local[2]: two task threads in this JVM, a real shuffle, no cluster. */
class SalesByRegionTest {
  @Test
  void totalsPerRegionMatchAPlainJavaSum() {
    Sales sales = new Sales(42, 5_000);
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setMaster("local[2]").setAppName("test")
        .set("spindle.ui.enabled", "false"))) {
      Map<String, Long> totals = new TreeMap<>(SalesByRegion.totals(ctx.parallelize(sales.lines, 4)).collectAsMap());
      assertEquals(sales.expectedCents, totals);
    }
  }

  @Test
  void aHeaderAloneGivesNothing() {
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setMaster("local[2]").setAppName("test")
        .set("spindle.ui.enabled", "false"))) {
      assertEquals(Map.of(), SalesByRegion.totals(ctx.parallelize(List.of("region,amount"), 2)).collectAsMap());
    }
  }
}
