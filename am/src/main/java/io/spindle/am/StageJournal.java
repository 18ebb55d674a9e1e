package io.spindle.am;

import io.spindle.scheduler.MapStageJournal;
import io.spindle.shuffle.MapStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AM-restart recovery's record of finished shuffle map stages, in the application's staging dir
 * ({@code <staging>/recovery/}, which survives AM attempts): one small file per stage, named by
 * its shuffle id and lineage signature, written to a temporary name and renamed, so a reader
 * sees a whole record or none. A record is text:
 *
 * <pre>
 * spindle-map-stage 1
 * attempt 1
 * signature 3f2a…
 * shuffle 0
 * maps 12
 * map &lt;mapId&gt;\t&lt;executorId&gt;\t&lt;host&gt;\t&lt;shuffle port&gt;\t&lt;size,size,…&gt;
 * </pre>
 *
 * The AM loads the records of earlier attempts when it starts (before the user's main runs
 * again); the DAG scheduler asks it for a stage's outputs by signature and shuffle id
 * ({@link #restore}) and hands it every stage it finishes ({@link #finished}), so a third attempt
 * also finds what the second finished.
 */
final class StageJournal implements MapStageJournal {
  private static final Logger LOG = LoggerFactory.getLogger(StageJournal.class);
  static final String DIR = "recovery";
  private static final String MAGIC = "spindle-map-stage 1";

  private final Configuration conf;
  private final Path dir;
  private final int attempt;
  /** Records of earlier attempts, by file name (shuffle id + signature). */
  private final Map<String, Restored> earlier;

  StageJournal(Configuration conf, Path stagingDir, int attempt) {
    this.conf = conf;
    this.dir = new Path(stagingDir, DIR);
    this.attempt = attempt;
    this.earlier = load(conf, dir);
  }

  /** Makes this JVM's DAG schedulers journal into, and restore from, {@code stagingDir} (no-op without one). */
  static StageJournal install(Configuration conf, String stagingDir, int attempt) {
    if (stagingDir == null || stagingDir.isEmpty()) {
      return null;
    }
    StageJournal journal = new StageJournal(conf, new Path(stagingDir), attempt);
    MapStageJournal.install(journal);
    if (!journal.earlier.isEmpty()) {
      LOG.info("Recovery: {} finished map stage(s) journaled by earlier attempts", journal.earlier.size());
    }
    return journal;
  }

  static String fileName(int shuffleId, String signature) {
    return "shuffle-" + shuffleId + "-" + signature;
  }

  @Override
  public Restored restore(String signature, int shuffleId, int numMaps) {
    Restored r = earlier.get(fileName(shuffleId, signature));
    return r == null || r.outputs().length != numMaps ? null : r;
  }

  @Override
  public void finished(String signature, int shuffleId, MapStatus[] outputs) {
    String name = fileName(shuffleId, signature);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path target = new Path(dir, name);
      Path tmp = new Path(dir, name + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(format(attempt, signature, shuffleId, outputs).getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not journal the finished map stage of shuffle {} (a restarted AM will run it again): {}",
          shuffleId, e.toString());
    }
  }

  @Override
  public boolean enabled() {
    return true;
  }

  static String format(int attempt, String signature, int shuffleId, MapStatus[] outputs) {
    StringBuilder out = new StringBuilder(MAGIC).append('\n')
        .append("attempt ").append(attempt).append('\n')
        .append("signature ").append(signature).append('\n')
        .append("shuffle ").append(shuffleId).append('\n')
        .append("maps ").append(outputs.length).append('\n');
    for (MapStatus s : outputs) {
      out.append("map ").append(s.mapId()).append('\t').append(s.executorId()).append('\t').append(s.host())
          .append('\t').append(s.port()).append('\t');
      long[] sizes = s.sizes();
      for (int i = 0; i < sizes.length; i++) {
        out.append(i == 0 ? "" : ",").append(sizes[i]);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Parses a record; throws IllegalArgumentException naming what is wrong. */
  static Restored parse(List<String> lines) {
    if (lines.size() < 5 || !MAGIC.equals(lines.get(0))) {
      throw new IllegalArgumentException("not a map stage record");
    }
    int attempt = Integer.parseInt(value(lines.get(1), "attempt"));
    value(lines.get(2), "signature");
    value(lines.get(3), "shuffle");
    int maps = Integer.parseInt(value(lines.get(4), "maps"));
    if (lines.size() != 5 + maps) {
      throw new IllegalArgumentException("expected " + maps + " map lines, found " + (lines.size() - 5));
    }
    MapStatus[] outputs = new MapStatus[maps];
    for (int i = 0; i < maps; i++) {
      String[] f = value(lines.get(5 + i), "map").split("\t", -1);
      if (f.length != 5) {
        throw new IllegalArgumentException("bad map line " + lines.get(5 + i));
      }
      int mapId = Integer.parseInt(f[0]);
      long[] sizes = f[4].isEmpty() ? new long[0]
          : java.util.Arrays.stream(f[4].split(",")).mapToLong(Long::parseLong).toArray();
      if (mapId < 0 || mapId >= maps || outputs[mapId] != null) {
        throw new IllegalArgumentException("bad map id " + mapId);
      }
      outputs[mapId] = new MapStatus(mapId, f[1], f[2], Integer.parseInt(f[3]), sizes);
    }
    return new Restored(attempt, outputs);
  }

  private static String value(String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException("expected '" + key + "', found '" + line + "'");
    }
    return line.substring(key.length() + 1);
  }

  private static Map<String, Restored> load(Configuration conf, Path dir) {
    Map<String, Restored> records = new HashMap<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return records;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (name.endsWith(".tmp")) {
          continue; // an attempt died while writing it
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(st.getPath()),
            StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
          records.put(name, parse(lines));
        } catch (IOException | RuntimeException e) {
          LOG.warn("Ignoring the unreadable recovery record {}: {}", st.getPath(), e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not read the recovery journal {}: {}", dir, e.toString());
    }
    return records;
  }
}
