package io.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spindle.PairRdd;
import io.spindle.Rdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.IndexPartition;
import io.spindle.rdd.Partition;
import io.spindle.rdd.RddNode;
import io.spindle.rdd.ShuffleDependency;
import io.spindle.task.EngineTaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage signature that matches a map stage across ApplicationMaster attempts: two driver
 * "attempts" (two contexts) that build the same lineage from the same inputs agree; a changed
 * input length or modification time, partition count, operator or partitioner does not.
 */
class LineageSignatureTest {
  @TempDir
  Path dir;

  private static SpindleContext context() {
    return new SpindleContext(new SpindleConf(false).setMaster("local[1]").set("spindle.ui.enabled", "false"));
  }

  /** The job's lineage; built on one line per operator, so two calls have the same call sites. */
  private static ShuffleDependency<?, ?, ?> wordCount(SpindleContext sc, String input, int minSplits, int reducers) {
    PairRdd<String, Integer> pairs = sc.textFile(input, minSplits).mapToPair(line -> Pair.of(line, 1));
    return shuffleOf(pairs.reduceByKey(Integer::sum, reducers));
  }

  private static ShuffleDependency<?, ?, ?> filteredWordCount(SpindleContext sc, String input) {
    PairRdd<String, Integer> pairs = sc.textFile(input, 2).filter(l -> !l.isEmpty()).mapToPair(l -> Pair.of(l, 1));
    return shuffleOf(pairs.reduceByKey(Integer::sum, 3));
  }

  private static ShuffleDependency<?, ?, ?> shuffleOf(Rdd<?> rdd) {
    Deque<RddNode<?>> todo = new ArrayDeque<>(List.of(rdd.node()));
    while (!todo.isEmpty()) {
      for (Dependency<?> dep : todo.pop().dependencies()) {
        if (dep instanceof ShuffleDependency<?, ?, ?> shuffle) {
          return shuffle;
        }
        todo.push(dep.rdd());
      }
    }
    throw new AssertionError("no shuffle in " + rdd);
  }

  private static String signatureInNewContext(java.util.function.Function<SpindleContext, ShuffleDependency<?, ?, ?>> job) {
    try (SpindleContext sc = context()) {
      return LineageSignature.of(job.apply(sc));
    }
  }

  private Path input(String content) throws IOException {
    Path file = dir.resolve("in.txt");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    return file;
  }

  @Test
  void sameLineageAndInputsGiveTheSameSignatureInAnotherContext() throws IOException {
    String in = input("a\nb\na\nünïcode\n").toString();
    String first = signatureInNewContext(sc -> wordCount(sc, in, 2, 3));
    String second = signatureInNewContext(sc -> wordCount(sc, in, 2, 3));
    assertNotNull(first);
    assertEquals(64, first.length(), "hex SHA-256");
    assertEquals(first, second);
  }

  @Test
  void changedInputLengthOrModificationTimeChangesTheSignature() throws IOException {
    Path file = input("a\nb\n");
    String in = file.toString();
    String before = signatureInNewContext(sc -> wordCount(sc, in, 2, 3));

    Files.writeString(file, "a\nb\nc\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    String longer = signatureInNewContext(sc -> wordCount(sc, in, 2, 3));
    assertNotEquals(before, longer, "same mtime, other length");

    Files.writeString(file, "a\nb\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    assertEquals(before, signatureInNewContext(sc -> wordCount(sc, in, 2, 3)), "back to the same length and mtime");

    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_001_000L));
    assertNotEquals(before, signatureInNewContext(sc -> wordCount(sc, in, 2, 3)), "same length, other mtime");
  }

  @Test
  void partitionCountsOperatorsAndPartitionersArePartOfIt() throws IOException {
    String in = input("a\nb\na\n").toString();
    String base = signatureInNewContext(sc -> wordCount(sc, in, 2, 3));
    assertNotEquals(base, signatureInNewContext(sc -> wordCount(sc, in, 3, 3)), "input split count");
    assertNotEquals(base, signatureInNewContext(sc -> wordCount(sc, in, 2, 4)), "reduce partition count");
    assertNotEquals(base, signatureInNewContext(sc -> filteredWordCount(sc, in)), "another operator chain");
  }

  @Test
  void parallelizedDataIsSignedByItsContents() {
    java.util.function.BiFunction<SpindleContext, List<Integer>, ShuffleDependency<?, ?, ?>> job = (sc, data) ->
        shuffleOf(sc.parallelize(data, 2).mapToPair(x -> Pair.of(x % 2, x)).reduceByKey(Integer::sum, 2));
    String one = signatureInNewContext(sc -> job.apply(sc, List.of(1, 2, 3)));
    assertEquals(one, signatureInNewContext(sc -> job.apply(sc, List.of(1, 2, 3))));
    assertNotEquals(one, signatureInNewContext(sc -> job.apply(sc, List.of(1, 2, 4))));
    assertNotNull(signatureInNewContext(sc -> job.apply(sc, List.of())), "empty input is signed too");
  }

  @Test
  void aLineageOverAnInputThatCannotBeIdentifiedHasNoSignature() {
    try (SpindleContext sc = context()) {
      Rdd<Integer> custom = Rdd.wrap(new UnsignedSource(sc));
      assertNull(LineageSignature.of(shuffleOf(custom.mapToPair(x -> Pair.of(x, x)).reduceByKey(Integer::sum, 2))));
    }
  }

  /** A custom input RDD that does not say what it reads. */
  private static final class UnsignedSource extends RddNode<Integer> {
    private static final long serialVersionUID = 1L;

    UnsignedSource(SpindleContext sc) {
      super(sc.rddContext());
    }

    @Override
    protected Partition[] computePartitions() {
      return new Partition[] {new IndexPartition(0)};
    }

    @Override
    public Iterator<Integer> compute(Partition split, EngineTaskContext context) {
      return List.of(1).iterator();
    }
  }
}
