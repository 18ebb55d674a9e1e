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
   * spindle.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 for short jobs). An AM that runs the
   * tasks itself (--num-executors 0) gets the executors' options instead.
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

  /**
   * Added to an executor's options when {@code spindle.network.crypto.enabled}: the JDK's AES-GCM
   * ({@code com.sun.crypto.provider}) reaches its AES-NI/CLMUL intrinsics only in C2's code, and
   * under {@link #EXECUTOR_DEFAULTS}' 10x C2 thresholds its methods (called once per 64 KiB record)
   * stayed in C1 for the whole shuffle: sealing and opening ran at ~45 MB/s against ~1,900 MB/s in
   * C2 (RecordCipher, 64 KiB records, this project's VM). These per-method options put that package
   * back at a tenth of HotSpot's default thresholds; the rest of the executor keeps its own. Quoted
   * for the launch script's shell ({@code *} is the pattern's, not a glob); {@code quiet} keeps
   * HotSpot from printing the command on stdout.
   */
  public static final List<String> ENCRYPTION_JIT = List.of("-XX:CompileCommand=quiet",
      "'-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1'");

  /**
   * The young generation an executor's Parallel GC may grow to, per task it runs at once.
   *
   * <p>Left alone, Parallel GC grows the young generation towards a third of the heap to keep
   * collections rare, and every page it grows into is a page the process touches for the first
   * time. A task pipeline's records die young whatever the young generation's size, so a larger
   * one buys little: capped at 128 MiB per task thread, the classic five at -Xmx4g, local[2] took
   * 15–20% less wall time and their peak RSS fell by 50–73% (W1 1,480 → 400 MiB), though the sort
   * (W3) spent 0.9 s more in GC (docs/benchmarks.md, "Young generation per task"). On the
   * project's VM a first touch costs ~10 µs per 4 KiB page, so the untouched pages were the
   * saving; against a container's memory limit, the RSS is. bin/spindle-submit applies the same cap to
   * the local-mode driver JVM (keep both alike).
   */
  public static final long YOUNG_GENERATION_PER_TASK_MIB = 128;

  /** A user option that sizes the young generation itself (then no cap is added). */
  private static final java.util.regex.Pattern SIZES_YOUNG_GENERATION =
      java.util.regex.Pattern.compile("-Xmn.*|-XX:(Max)?NewSize=.*|-XX:NewRatio=.*");

  /**
   * {@code -XX:MaxNewSize} for an executor of {@code heapMiB} running {@code cores} tasks at once
   * ({@link #YOUNG_GENERATION_PER_TASK_MIB} each), or nothing: when {@code userOptions} choose a
   * collector (the cap is tuned for Parallel GC; G1 sizes its young generation by pause goals) or
   * size the young generation themselves, or when the JVM's own limit, a third of the heap, is
   * already no larger.
   */
  public static List<String> youngGenerationCap(List<String> userOptions, long heapMiB, int cores) {
    long young = YOUNG_GENERATION_PER_TASK_MIB * Math.max(1, cores);
    boolean userChooses = userOptions.stream()
        .anyMatch(o -> SELECTS_COLLECTOR.matcher(o).matches() || SIZES_YOUNG_GENERATION.matcher(o).matches());
    if (userChooses || 3 * young >= heapMiB) {
      return List.of();
    }
    return List.of("-XX:MaxNewSize=" + young + "m");
  }

  /**
   * Where Linux says whether transparent huge pages are on: {@code always [madvise] never}, the
   * mode in brackets.
   */
  public static final String THP_ENABLED_FILE = "/sys/kernel/mm/transparent_hugepage/enabled";

  /** A user option about large pages (then none is added: HotSpot refuses some combinations). */
  private static final java.util.regex.Pattern CHOOSES_LARGE_PAGES =
      java.util.regex.Pattern.compile("-XX:[+-](UseLargePages|UseTransparentHugePages|UseHugeTLBFS|UseSHM)|-XX:LargePageSizeInBytes=.*");

  /**
   * The executor's Java heap in transparent huge pages where the node's kernel gives them on request:
   * a shell expression for the launch script, {@code -XX:+UseTransparentHugePages} when
   * {@code enabledFile} ({@link #THP_ENABLED_FILE}; tests use another) says {@code [madvise]}, else
   * nothing; nothing at all when {@code userOptions} choose about large pages themselves.
   *
   * <p>Why: each 4 KiB page a JVM touches for the first time costs a page fault, and on a virtual
   * machine a much dearer one (the project's VM: ~10 µs, 2.7 ms per MiB, measured). A task pipeline
   * sweeps its young generation and fills long-lived tables, so an executor first-touches hundreds
   * of MiB; in 2 MiB pages that is 512 times fewer faults. Measured with local mode, which gets the
   * same from bin/spindle-submit: the issue-15 workloads W2-W5 9-20% less wall time, W1 3-5% less
   * CPU, the 6 MiB WordCount 16%, peak RSS within a few percent (docs/benchmarks.md, session 13's
   * issue-15 section, "Transparent huge pages for the heap"). In mode {@code always} the kernel already does it for every process; in {@code never}
   * or without the file the option would do nothing (and a JVM not on Linux does not know it: hence
   * the check on the node, in the script). Undo it with
   * {@code spindle.executor.extraJavaOptions=-XX:-UseTransparentHugePages}.
   */
  public static List<String> transparentHugePages(List<String> userOptions, String enabledFile) {
    if (userOptions.stream().anyMatch(o -> CHOOSES_LARGE_PAGES.matcher(o).matches())) {
      return List.of();
    }
    return List.of("$(grep -qsF '[madvise]' " + enabledFile + " && echo -XX:+UseTransparentHugePages)");
  }

  /**
   * What a JVM that runs tasks (an executor, or the AM when the tasks run in it) gets after its
   * defaults and class-data sharing: the young generation cap for {@code taskThreads}, huge pages for
   * the heap, the collector default, then {@code userOptions} (theirs win).
   */
  public static List<String> taskRunnerOptions(List<String> userOptions, long heapMiB, int taskThreads) {
    List<String> options = new ArrayList<>(youngGenerationCap(userOptions, heapMiB, taskThreads));
    options.addAll(transparentHugePages(userOptions, THP_ENABLED_FILE));
    options.addAll(executorOptions(userOptions));
    return options;
  }

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
