package io.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broadcast join against a plain-Java hash join of the same files. */
class BroadcastJoinTest {
  @TempDir
  Path dir;

  @Test
  void joinsLikeAPlainHashJoin() throws IOException {
    Random r = new Random(5);
    Map<String, String> customers = new TreeMap<>();
    List<String> customerLines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      customers.put("c" + i, "name" + (i % 40)); // some names shared by two customers
      customerLines.add("c" + i + "\tname" + (i % 40));
    }
    List<String> orderLines = new ArrayList<>();
    Map<String, Long> expected = new TreeMap<>();
    long expectedUnmatched = 0;
    for (int i = 0; i < 3_000; i++) {
      String id = "c" + r.nextInt(60); // c50..c59 are unknown
      long amount = r.nextInt(1_000);
      orderLines.add(id + "\t" + amount);
      if (customers.containsKey(id)) {
        expected.merge(customers.get(id), amount, Long::sum);
      } else {
        expectedUnmatched++;
      }
    }
    Path orders = Files.write(dir.resolve("orders.tsv"), orderLines);
    Path customerFile = Files.write(dir.resolve("customers.tsv"), customerLines);
    Path out = dir.resolve("out");

    long unmatched;
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"))) {
      unmatched = BroadcastJoin.run(ctx, orders.toString(), customerFile.toString(), out.toString());
    }
    Map<String, Long> got = new TreeMap<>();
    try (Stream<Path> parts = Files.list(out)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          String[] f = line.split("\t");
          got.put(f[0], Long.parseLong(f[1]));
        }
      }
    }
    assertEquals(expected, got);
    assertEquals(expectedUnmatched, unmatched);
  }
}
