package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.scheduler.MapStageJournal;
import io.spindle.shuffle.MapStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging-dir journals of AM-restart recovery on a real (local) Hadoop FileSystem: finished
 * map stages round-trip to the next attempt and only to it; half-written and corrupt records are
 * ignored; a committed output is recognised by the next attempt only while its _SUCCESS is there.
 */
class RecoveryJournalTest {
  @TempDir
  java.nio.file.Path staging;

  private final Configuration conf = new Configuration();

  private static MapStatus[] outputs(int maps, int reducers) {
    MapStatus[] out = new MapStatus[maps];
    for (int m = 0; m < maps; m++) {
      long[] sizes = new long[reducers];
      for (int r = 0; r < reducers; r++) {
        sizes[r] = m * 1000L + r;
      }
      out[m] = new MapStatus(m, "exéc-" + (m % 2 + 1), "node" + m + ".example.com", 40000 + m, sizes);
    }
    return out;
  }

  private Path stagingPath() {
    return new Path(staging.toUri());
  }

  @Test
  void aFinishedStageRoundTripsToTheNextAttemptOnly() {
    String sig = "ab".repeat(32);
    StageJournal first = new StageJournal(conf, stagingPath(), 1);
    MapStatus[] written = outputs(12, 6);
    first.finished(sig, 3, written);
    assertNull(first.restore(sig, 3, 12), "an attempt does not restore its own stages (its stage graph has them)");

    StageJournal second = new StageJournal(conf, stagingPath(), 2);
    MapStageJournal.Restored restored = second.restore(sig, 3, 12);
    assertNotNull(restored);
    assertEquals(1, restored.attempt());
    for (int m = 0; m < 12; m++) {
      assertEquals(written[m].mapId(), restored.outputs()[m].mapId());
      assertEquals(written[m].executorId(), restored.outputs()[m].executorId());
      assertEquals(written[m].host(), restored.outputs()[m].host());
      assertEquals(written[m].port(), restored.outputs()[m].port());
      assertArrayEquals(written[m].sizes(), restored.outputs()[m].sizes());
    }
    assertNull(second.restore(sig, 4, 12), "another shuffle id");
    assertNull(second.restore("cd".repeat(32), 3, 12), "another signature");
    assertNull(second.restore(sig, 3, 11), "another map count");
  }

  @Test
  void oneMapWithNoReducersAndTheLatestRecordOfAStage() {
    StageJournal first = new StageJournal(conf, stagingPath(), 1);
    first.finished("s", 0, outputs(1, 0));
    first.finished("s", 0, outputs(1, 3)); // recomputed after a fetch failure: the newer record replaces it
    MapStageJournal.Restored r = new StageJournal(conf, stagingPath(), 2).restore("s", 0, 1);
    assertEquals(3, r.outputs()[0].sizes().length);
    assertEquals(0, new StageJournal(conf, stagingPath(), 2).restore("s", 0, 1).outputs()[0].mapId());

    StageJournal empty = new StageJournal(conf, stagingPath(), 1);
    empty.finished("e", 1, outputs(2, 0));
    assertEquals(0, new StageJournal(conf, stagingPath(), 2).restore("e", 1, 2).outputs()[1].sizes().length);
  }

  @Test
  void halfWrittenAndCorruptRecordsAreIgnored() throws IOException {
    new StageJournal(conf, stagingPath(), 1).finished("good", 0, outputs(2, 2));
    java.nio.file.Path dir = staging.resolve(StageJournal.DIR);
    Files.writeString(dir.resolve(StageJournal.fileName(1, "half") + ".tmp"),
        StageJournal.format(1, "half", 1, outputs(2, 2)), StandardCharsets.UTF_8);
    String full = StageJournal.format(1, "cut", 2, outputs(3, 2));
    Files.writeString(dir.resolve(StageJournal.fileName(2, "cut")), full.substring(0, full.length() - 20),
        StandardCharsets.UTF_8);

    StageJournal second = new StageJournal(conf, stagingPath(), 2);
    assertNotNull(second.restore("good", 0, 2));
    assertNull(second.restore("half", 1, 2), "a record its attempt did not finish writing");
    assertNull(second.restore("cut", 2, 3), "a truncated record");
  }

  @Test
  void aCommittedOutputIsRecognisedByTheNextAttemptWhileItHasItsSuccessMarker() throws IOException {
    java.nio.file.Path out = Files.createDirectories(staging.resolve("out-ü"));
    String dir = out.toString();
    OutputJournal first = new OutputJournal(conf, stagingPath());
    first.started(dir);
    Files.writeString(out.resolve("part-00000"), "a\n");
    Files.createFile(out.resolve("_SUCCESS"));
    first.committed(dir);
    assertFalse(first.committedEarlier(dir), "a second save in the same attempt still fails as in local mode");
    assertEquals(List.of(), OutputJournal.cleanUncommitted(conf, staging.toString()),
        "committed: nothing to clean");

    OutputJournal second = new OutputJournal(conf, stagingPath());
    assertTrue(second.committedEarlier(dir));
    assertFalse(second.committedEarlier(staging.resolve("other").toString()));

    Files.delete(out.resolve("_SUCCESS"));
    assertFalse(new OutputJournal(conf, stagingPath()).committedEarlier(dir), "no _SUCCESS: not committed");
  }

  @Test
  void anOutputCommittedJustBeforeTheAmDiedIsRecordedAsCommittedNotCleaned() throws IOException {
    java.nio.file.Path out = Files.createDirectories(staging.resolve("out"));
    String dir = out.toString();
    new OutputJournal(conf, stagingPath()).started(dir); // the AM dies after commitJob, before committed()
    Files.writeString(out.resolve("part-00000"), "a\n");
    Files.createFile(out.resolve("_SUCCESS"));

    OutputJournal.cleanUncommitted(conf, staging.toString());
    assertTrue(Files.exists(out.resolve("part-00000")));
    assertTrue(new OutputJournal(conf, stagingPath()).committedEarlier(dir));
  }
}
