package io.spindle.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one application's time went, from its event log in Spark's format (Spindle writes the same
 * events and fields as Spark, docs/ui.md "Event log", so one reader serves both engines), for
 * bench/yarn-throughput.sh. Prints {@code key=value} lines, times in epoch ms:
 * <ul>
 *   <li>{@code appStart}: SparkListenerApplicationStart (the driver's context is up, in the AM);</li>
 *   <li>{@code firstExecutorAdded}, {@code lastExecutorAdded}: SparkListenerExecutorAdded;</li>
 *   <li>{@code firstMapLaunch}, {@code mapEnd}: the first launch of a ShuffleMapTask and the last
 *       completion of a stage that ran ShuffleMapTasks (else the last such task's finish);</li>
 *   <li>{@code firstResultLaunch}, {@code resultEnd}: the same for ResultTasks and their stages;</li>
 *   <li>{@code jobEnd} (the last SparkListenerJobEnd), {@code appEnd} (SparkListenerApplicationEnd);</li>
 *   <li>counts and sums over successful tasks: {@code mapTasks}, {@code resultTasks},
 *       {@code failedTasks}, {@code fetchWaitMs} (Shuffle Read Metrics' Fetch Wait Time of all
 *       tasks), {@code shuffleBytesWritten}, {@code shuffleRecordsWritten}, {@code inputBytes},
 *       {@code outputRecords}, {@code gcMs}, {@code runMs} (Executor Run Time).</li>
 * </ul>
 * A time the log does not hold is printed as 0. Reading an event log is all it does: the figures
 * are the engines' own records of when things happened, nothing is inferred.
 *
 * <p>Usage: {@code EventLogPhases <event log file>} (uncompressed, one JSON object per line)
 */
public final class EventLogPhases {
  private EventLogPhases() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("Usage: EventLogPhases <event log file>");
      System.exit(2);
    }
    Path log = Paths.get(args[0]);
    if (!Files.isRegularFile(log)) {
      System.err.println("EventLogPhases: no event log at " + log);
      System.exit(2);
    }
    print(read(log), System.out);
  }

  /** The figures, in the order they are printed. */
  static Map<String, Long> read(Path log) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Long> t = new java.util.LinkedHashMap<>();
    for (String k : new String[] {"appStart", "firstExecutorAdded", "lastExecutorAdded", "firstMapLaunch",
        "mapEnd", "firstResultLaunch", "resultEnd", "jobEnd", "appEnd", "mapTasks", "resultTasks",
        "failedTasks", "fetchWaitMs", "shuffleBytesWritten", "shuffleRecordsWritten", "inputBytes",
        "outputRecords", "gcMs", "runMs"}) {
      t.put(k, 0L);
    }
    Set<Integer> mapStages = new HashSet<>();
    Set<Integer> resultStages = new HashSet<>();
    Map<Integer, Long> stageCompleted = new HashMap<>();
    long lastMapFinish = 0;
    long lastResultFinish = 0;
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode e = json.readTree(line);
        switch (e.path("Event").asText()) {
          case "SparkListenerApplicationStart" -> t.put("appStart", e.path("Timestamp").asLong());
          case "SparkListenerApplicationEnd" -> t.put("appEnd", e.path("Timestamp").asLong());
          case "SparkListenerExecutorAdded" -> {
            long at = e.path("Timestamp").asLong();
            min(t, "firstExecutorAdded", at);
            t.put("lastExecutorAdded", Math.max(t.get("lastExecutorAdded"), at));
          }
          case "SparkListenerJobEnd" -> t.put("jobEnd", Math.max(t.get("jobEnd"), e.path("Completion Time").asLong()));
          case "SparkListenerStageCompleted" -> {
            JsonNode info = e.path("Stage Info");
            stageCompleted.merge(info.path("Stage ID").asInt(), info.path("Completion Time").asLong(), Math::max);
          }
          case "SparkListenerTaskEnd" -> {
            boolean map = "ShuffleMapTask".equals(e.path("Task Type").asText());
            int stage = e.path("Stage ID").asInt();
            JsonNode info = e.path("Task Info");
            long launch = info.path("Launch Time").asLong();
            long finish = info.path("Finish Time").asLong();
            boolean ok = "Success".equals(e.path("Task End Reason").path("Reason").asText())
                && !info.path("Failed").asBoolean() && !info.path("Killed").asBoolean();
            if (map) {
              mapStages.add(stage);
              min(t, "firstMapLaunch", launch);
              lastMapFinish = Math.max(lastMapFinish, finish);
            } else {
              resultStages.add(stage);
              min(t, "firstResultLaunch", launch);
              lastResultFinish = Math.max(lastResultFinish, finish);
            }
            if (!ok) {
              add(t, "failedTasks", 1);
              continue;
            }
            add(t, map ? "mapTasks" : "resultTasks", 1);
            JsonNode m = e.path("Task Metrics");
            add(t, "fetchWaitMs", m.path("Shuffle Read Metrics").path("Fetch Wait Time").asLong());
            add(t, "shuffleBytesWritten", m.path("Shuffle Write Metrics").path("Shuffle Bytes Written").asLong());
            add(t, "shuffleRecordsWritten", m.path("Shuffle Write Metrics").path("Shuffle Records Written").asLong());
            add(t, "inputBytes", m.path("Input Metrics").path("Bytes Read").asLong());
            add(t, "outputRecords", m.path("Output Metrics").path("Records Written").asLong());
            add(t, "gcMs", m.path("JVM GC Time").asLong());
            add(t, "runMs", m.path("Executor Run Time").asLong());
          }
          default -> { }
        }
      }
    }
    t.put("mapEnd", Math.max(lastMapFinish, latest(stageCompleted, mapStages)));
    t.put("resultEnd", Math.max(lastResultFinish, latest(stageCompleted, resultStages)));
    return t;
  }

  static void print(Map<String, Long> figures, PrintStream out) {
    figures.forEach((k, v) -> out.println(k + "=" + v));
  }

  private static long latest(Map<Integer, Long> completed, Set<Integer> stages) {
    long latest = 0;
    for (int s : stages) {
      latest = Math.max(latest, completed.getOrDefault(s, 0L));
    }
    return latest;
  }

  private static void min(Map<String, Long> t, String key, long value) {
    if (value > 0 && (t.get(key) == 0 || value < t.get(key))) {
      t.put(key, value);
    }
  }

  private static void add(Map<String, Long> t, String key, long value) {
    t.put(key, t.get(key) + value);
  }
}
