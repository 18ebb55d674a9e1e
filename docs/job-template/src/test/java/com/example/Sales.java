package com.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Test data: CSV lines and, computed from the same records, the expected totals (plain Java). */
final class Sales {
  final List<String> lines = new ArrayList<>();
  final Map<String, Long> expectedCents = new TreeMap<>();

  Sales(long seed, int records) {
    String[] regions = {"north", "south", "east, coastal", "west", "zürich"}; // one needs quoting, one is unicode
    Random r = new Random(seed);
    lines.add("region,amount");
    for (int i = 0; i < records; i++) {
      String region = regions[Math.min(regions.length - 1, (int) Math.abs(r.nextGaussian() * 1.5))]; // skewed
      long cents = r.nextInt(100_000);
      String amount = (cents / 100) + "." + String.format("%02d", cents % 100);
      lines.add((region.contains(",") ? "\"" + region + "\"" : region) + "," + amount);
      expectedCents.merge(region, cents, Long::sum);
    }
  }
}
