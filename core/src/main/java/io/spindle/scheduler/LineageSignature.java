package io.spindle.scheduler;

import io.spindle.function.Partitioner;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.RangePartitioner;
import io.spindle.rdd.RddNode;
import io.spindle.rdd.ShuffleDependency;
import io.spindle.rdd.SignedInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A deterministic fingerprint of the lineage that writes one shuffle, the same in two driver
 * processes that build the same lineage from the same inputs: how a second ApplicationMaster
 * attempt recognises a shuffle map stage that the first one finished (docs/yarn.md, "AM-restart
 * recovery").
 *
 * <p>Canonical form, hashed with SHA-256: for every RDD up to the inputs, its class, partition
 * count, partitioner (class, partition count; a range partitioner's bounds; the {@code hashCode}
 * of a partitioner class that defines one), the user call site that created it, and each
 * dependency's kind; a shuffle adds its id, partitioner, whether it combines map-side and its
 * aggregator's presence; an input RDD adds its {@link SignedInput#inputIdentity} (files with
 * lengths and modification times, or the hash of parallelized data).
 *
 * <p>Not in it, by design: the functions' code (lambdas are not comparable across JVMs; YARN
 * reruns the same localized jar, and the call site names the line that built each RDD). So a user
 * function that is not deterministic (randomness, clock, reads outside the input paths) can make a
 * restored stage differ from what a recomputation would give. An input RDD that cannot describe
 * its data (a custom RDD, Hadoop input formats, a checkpoint) makes the signature null: such a
 * stage is always recomputed.
 */
public final class LineageSignature {
  private LineageSignature() {}

  /** The signature of the map side of {@code shuffle}, hex; null when some input cannot be identified. */
  public static String of(ShuffleDependency<?, ?, ?> shuffle) {
    String canonical = canonical(shuffle);
    if (canonical == null) {
      return null;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text that is hashed (for logs and tests); null when some input cannot be identified. */
  static String canonical(ShuffleDependency<?, ?, ?> shuffle) {
    StringBuilder out = new StringBuilder();
    return appendShuffle(shuffle, out, new HashMap<>()) ? out.toString() : null;
  }

  private static boolean appendShuffle(ShuffleDependency<?, ?, ?> shuffle, StringBuilder out,
      Map<Integer, String> seen) {
    out.append("shuffle ").append(shuffle.shuffleId()).append(" partitioner=");
    appendPartitioner(shuffle.partitioner(), out);
    out.append(" combine=").append(shuffle.mapSideCombine())
        .append(" aggregator=").append(shuffle.aggregator() != null).append(" <- ");
    return appendRdd(shuffle.rdd(), out, seen);
  }

  /**
   * Appends {@code rdd}'s description; an RDD met before (a diamond in the lineage) is referred to
   * by its position of first appearance, so the text stays linear in the lineage's size.
   */
  private static boolean appendRdd(RddNode<?> rdd, StringBuilder out, Map<Integer, String> seen) {
    String ref = seen.get(rdd.id());
    if (ref != null) {
      out.append(ref);
      return true;
    }
    String here = "#" + seen.size();
    seen.put(rdd.id(), here);
    out.append("rdd").append(here).append('{').append(rdd.getClass().getName())
        .append(" n=").append(rdd.partitions().length).append(" partitioner=");
    appendPartitioner(rdd.partitioner(), out);
    out.append(" site=").append(rdd.creationSite());
    if (rdd.dependencies().isEmpty()) {
      if (!(rdd instanceof SignedInput input)) {
        return false;
      }
      String identity = input.inputIdentity();
      if (identity == null) {
        return false;
      }
      out.append(" input=[").append(identity).append(']');
    }
    for (Dependency<?> dep : rdd.dependencies()) {
      out.append(" dep(");
      if (dep instanceof ShuffleDependency<?, ?, ?> shuffle) {
        if (!appendShuffle(shuffle, out, seen)) {
          return false;
        }
      } else {
        out.append(dep.getClass().getName()).append(" <- ");
        if (!appendRdd(dep.rdd(), out, seen)) {
          return false;
        }
      }
      out.append(')');
    }
    out.append('}');
    return true;
  }

  private static void appendPartitioner(Partitioner partitioner, StringBuilder out) {
    if (partitioner == null) {
      out.append("none");
      return;
    }
    out.append(partitioner.getClass().getName()).append('/').append(partitioner.numPartitions());
    if (partitioner instanceof RangePartitioner<?> range) {
      out.append(' ').append(range.describeBounds());
    } else if (definesHashCode(partitioner.getClass())) {
      out.append(" hash=").append(partitioner.hashCode());
    }
  }

  private static boolean definesHashCode(Class<?> type) {
    try {
      return type.getMethod("hashCode").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
