package io.spindle.am;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM options of the containers Spindle starts on YARN: what every AM and executor command line
 * carries, then the user's {@code spindle.driver.extraJavaOptions} /
 * {@code spindle.executor.extraJavaOptions} (later options win in HotSpot, so users can undo a
 * default).
 */
public final class JvmOptions {
  private JvmOptions() {}

  /**
   * The ApplicationMaster's: C1 only. The driver schedules, serializes tasks and reads results; it
   * computes little, so C2's compile time (competing with start-up on the container's cores) does
   * not pay back: measured on the issue-6 benchmark, AM start and the driver's own steps about
   * halved. Executors keep C2: they run the tasks, where C2's code matters (see
   * {@link #EXECUTOR_DEFAULTS}; opt in to C1 only with
   * spindle.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 for short jobs).
   */
  public static final List<String> AM_DEFAULTS = List.of("-XX:TieredStopAtLevel=1", JvmOptions.NETTY_JFR_OFF);

  /**
   * Netty (the RPC and shuffle transport) without its JFR events: with them on it loads ~50
   * {@code jdk.jfr} classes at start-up in every container. In an A/B on the issue-6 WordCount
   * (4 + 4 alternating runs) submit → exit was 0.03–0.21 s shorter in every pair, median 6.13 s
   * against 6.29 s. Set {@code -Dio.netty.jfr.enabled=true} in the extra options to get them back.
   */
  public static final String NETTY_JFR_OFF = "-Dio.netty.jfr.enabled=false";

  /**
   * The collector every executor runs with unless its options choose one: the throughput
   * collector. A task pipeline allocates short-lived records at a high rate and writes new
   * combiners into large, long-lived tables (map-side combine, groupBy, join); Parallel GC's
   * card-marking write barrier and stop-the-world young collections cost a fraction of G1's
   * barriers and concurrent refinement there (issue 15: 10-28% less CPU on the classic workloads,
   * docs/benchmarks.md). Pauses matter little to a batch task. {@code bin/spindle-submit} makes the
   * same choice for the local-mode driver JVM.
   */
  public static final String DEFAULT_EXECUTOR_COLLECTOR = "-XX:+UseParallelGC";

  /** A HotSpot option that selects a garbage collector (two such options make the JVM refuse to start). */
  private static final java.util.regex.Pattern SELECTS_COLLECTOR = java.util.regex.Pattern.compile("-XX:\\+Use\\w+GC");

  /**
   * An executor's JVM options: {@link #DEFAULT_EXECUTOR_COLLECTOR} first unless {@code userOptions}
   * (spindle.executor.extraJavaOptions) select a collector themselves, then the user's options.
   */
  public static List<String> executorOptions(List<String> userOptions) {
    List<String> options = new ArrayList<>();
    if (userOptions.stream().noneMatch(o -> SELECTS_COLLECTOR.matcher(o).matches())) {
      options.add(DEFAULT_EXECUTOR_COLLECTOR);
    }
    options.addAll(userOptions);
    return options;
  }

  /**
   * The executors' (the JIT flags also in bin/spindle-submit for the local driver; keep both alike): C2 compiles
   * a method after 10x HotSpot's default invocation and loop counts (issue 15). In a short job
   * C2 otherwise compiles start-up and lukewarm code on the container's core while the single task
   * thread waits for it (the issue-6 WordCount's job phase: 1.86 s with C2, 1.09 s with C1 only); in
   * a long job the hot loops reach the higher counts within milliseconds and get C2's code as
   * before (measured: no slower on 64 MiB WordCount and W2, docs/benchmarks.md "Issue 15: small
   * jobs"), which C1 only (-XX:TieredStopAtLevel=1, 35-40% slower there) would not.
   *
   * <p>And C2 inlines a callee it has already compiled on its own if that code is at most 6,000
   * bytes (HotSpot's InlineSmallCode: 2,500). A task's per-record methods (the pipeline's
   * iterators, the combine map's insert) are hot, and compiled, before the record loop calling them
   * is; past 2,500 bytes the loop called them instead of inlining them, so every record passed
   * through such a call was allocated (W1 WordCount: one Pair per word, 18% of a map task's
   * allocation; docs/benchmarks.md "W1: the record loop and C2's inlining").
   */
  public static final List<String> EXECUTOR_DEFAULTS = List.of("-XX:Tier4InvocationThreshold=50000",
      "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000",
      "-XX:InlineSmallCode=6000", NETTY_JFR_OFF);

  /** The options of {@code value}, split at whitespace (no quoting: an option cannot hold a space). */
  public static List<String> parse(String value) {
    List<String> options = new ArrayList<>();
    if (value != null) {
      for (String s : value.trim().split("\\s+")) {
        if (!s.isEmpty()) {
          options.add(s);
        }
      }
    }
    return options;
  }
}
