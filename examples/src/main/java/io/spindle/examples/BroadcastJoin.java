package io.spindle.examples;

import io.spindle.Broadcast;
import io.spindle.function.Pair;
import io.spindle.PairRdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.accumulator.LongAccumulator;
import java.util.HashMap;
import java.util.Map;

/**
 * A map-side (broadcast) join: {@code BroadcastJoin <orders> <customers> <output>}.
 *
 * <p>Orders are lines {@code customerId<TAB>amount} (large); customers are lines
 * {@code customerId<TAB>name} (small enough for every executor's memory). Instead of shuffling
 * both sides by key, the small side is collected to the driver, broadcast once to every executor,
 * and each order is looked up in the map as it is read: no shuffle of the large side at all.
 * Writes {@code name<TAB>total amount} per customer; orders whose customer is unknown are dropped
 * (an inner join) and counted with an accumulator.
 *
 * <pre>bin/spindle-submit --class io.spindle.examples.BroadcastJoin examples/target/spindle-examples.jar orders.tsv customers.tsv out</pre>
 */
public final class BroadcastJoin {
  private BroadcastJoin() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("Usage: BroadcastJoin <orders path> <customers path> <output dir>");
      System.exit(2);
    }
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("BroadcastJoin"))) {
      long unmatched = run(ctx, args[0], args[1], args[2]);
      System.out.println("orders without a known customer: " + unmatched);
    }
  }

  /** Runs the join; returns how many orders had no customer. */
  public static long run(SpindleContext ctx, String orders, String customers, String output) {
    // 1. The small side, as a plain map on the driver (HashMap is Serializable).
    Map<String, String> names = new HashMap<>(ctx.textFile(customers)
        .mapToPair(line -> split(line))
        .collectAsMap());
    Broadcast<Map<String, String>> byId = ctx.broadcast(names);
    LongAccumulator unmatched = ctx.longAccumulator("orders without customer");

    // 2. The large side is joined where it is read: value() is the executor's one copy of the map.
    PairRdd<String, Long> amountsByName = ctx.textFile(orders)
        .flatMapToPair(line -> {
          Pair<String, String> order = split(line);
          String name = byId.value().get(order.key());
          if (name == null) {
            unmatched.add(1);
            return java.util.Collections.emptyIterator();
          }
          return java.util.List.of(Pair.of(name, Long.parseLong(order.value().trim()))).iterator();
        })
        .reduceByKey(Long::sum);
    amountsByName.map(p -> p.key() + "\t" + p.value()).saveAsTextFile(output);
    byId.destroy(); // free it on the executors once no job needs it
    return unmatched.value();
  }

  private static Pair<String, String> split(String line) {
    int tab = line.indexOf('\t');
    if (tab < 0) {
      throw new IllegalArgumentException("Expected <id>TAB<value>, got: " + line);
    }
    return Pair.of(line.substring(0, tab), line.substring(tab + 1));
  }
}
