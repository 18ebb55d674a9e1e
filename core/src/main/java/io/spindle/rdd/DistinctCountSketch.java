package io.spindle.rdd;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.serializer.KryoSerializer;
import io.spindle.task.TaskServices;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The state of {@code countApproxDistinct} and {@code countApproxDistinctByKey}: an Apache DataSketches
 * HyperLogLog sketch (held as an HLL {@link Union}, so sketches of other partitions merge into it).
 *
 * <p><b>Size.</b> Spark maps {@code relativeSD} to an HLL++ precision {@code p = ceil(2 log2(1.054 / relativeSD))}.
 * DataSketches' HLL has a relative standard error of about {@code 1.04 / sqrt(2^lgK)} with its composite
 * ("non-HIP") estimator, the one {@link #estimate()} uses, so the sketch
 * gets {@code lgK = ceil(2 log2(1.04 / relativeSD))}, clamped to DataSketches' range [4, 21]: its error
 * is at most {@code relativeSD} for any {@code relativeSD >= 1.04 / sqrt(2^21) ≈ 0.00072}; below that
 * it is lgK 21's ≈ 0.00072. {@code relativeSD} must be greater than 0.000017 (Spark's bound); there is
 * no upper bound (large values give lgK 4, as Spark's clamp gives p 4).
 *
 * <p><b>Hashing.</b> What is hashed (with the sketch's MurmurHash3, fixed seed) depends only on the
 * element's value, never on the JVM: a {@code String} by its UTF-8 bytes (the empty string by a byte
 * no UTF-8 text contains, since the sketch ignores empty input), {@code Long} and {@code Integer} as a
 * long, {@code Double} as a double (DataSketches folds -0.0 into 0.0), and every other element (null
 * included) by its serialization with the engine's Kryo, behind a byte no UTF-8 text contains. Two
 * elements therefore count once when they serialize alike — for strings, boxed numbers, records,
 * {@code Pair}s, lists and enums that is when they are equal; an element holding a hash-ordered
 * collection (HashMap, HashSet) may serialize differently while equal, so map such elements to a
 * canonical form first. Integer 5 and Long 5 count as one value.
 *
 * <p><b>Serialization.</b> In the shuffle (Kryo), in spills and in Java serialization the sketch travels
 * as DataSketches' compact byte form ({@code toCompactByteArray} / {@code heapify}). DataSketches 6.x
 * does this through datasketches-memory 3.0.x, which refuses to start on Java runtimes other than 8,
 * 11, 17 and 21; that case fails with an {@link UnsupportedOperationException} saying so.
 */
public final class DistinctCountSketch implements Serializable, KryoSerializable {
  private static final long serialVersionUID = 1L;

  /** Spark's bound: {@code relativeSD} must be greater than this. */
  public static final double MIN_RELATIVE_SD = 0.000017;
  /** DataSketches' HLL range of log2(k). */
  public static final int MIN_LG_K = 4;
  public static final int MAX_LG_K = 21;
  /** DataSketches' relative standard error of a merged HLL sketch is about this over sqrt(k). */
  static final double RSE_FACTOR = 1.04;

  /** Stands for the empty string, which the sketch would ignore: 0xFF never occurs in UTF-8. */
  private static final byte[] EMPTY_STRING = {(byte) 0xFF};
  /** Precedes a Kryo-serialized element: 0xFE never occurs in UTF-8, so no string hashes the same bytes. */
  private static final byte SERIALIZED = (byte) 0xFE;

  private transient Union union;

  public DistinctCountSketch(int lgK) {
    this.union = new Union(lgK);
  }

  private DistinctCountSketch() {} // Kryo

  /**
   * The sketch size (log2 of its register count) for {@code relativeSD}, as described above; throws
   * {@link IllegalArgumentException} naming the valid range for a value outside it (NaN included).
   */
  public static int lgConfigK(String operation, double relativeSD) {
    if (!(relativeSD > MIN_RELATIVE_SD)) {
      throw new IllegalArgumentException(operation + ": relativeSD must be greater than 0.000017 (valid range: "
          + "0.000017 < relativeSD, as in Spark), got " + relativeSD);
    }
    double lgK = Math.ceil(2 * Math.log(RSE_FACTOR / relativeSD) / Math.log(2));
    return (int) Math.max(MIN_LG_K, Math.min(MAX_LG_K, lgK)); // -Infinity for relativeSD = +Infinity: MIN_LG_K
  }

  public int lgConfigK() {
    return union.getLgConfigK();
  }

  /**
   * Adds an element in the form {@link Hasher#canonical} gives: a String, Long, Integer or Double as
   * it is, anything else as its tagged serialization (a byte[]).
   */
  public DistinctCountSketch addCanonical(Object value) {
    if (value instanceof String s) {
      union.update(s.isEmpty() ? EMPTY_STRING : s.getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof Long l) {
      union.update(l.longValue());
    } else if (value instanceof Integer i) {
      union.update(i.longValue());
    } else if (value instanceof Double d) {
      union.update(d.doubleValue());
    } else if (value instanceof byte[] serialized) {
      union.update(serialized);
    } else {
      throw new IllegalArgumentException("not a canonical element: " + (value == null ? null : value.getClass()));
    }
    return this;
  }

  /** Merges {@code other} into this sketch; returns this one. */
  public DistinctCountSketch merge(DistinctCountSketch other) {
    union.update(other.union.getResult(TgtHllType.HLL_8));
    return this;
  }

  /**
   * The estimated number of distinct elements added, rounded: DataSketches' composite estimator,
   * which reads only the sketch's state (the set of coupons, or the registers), so the estimate does
   * not depend on how the elements were partitioned or in which order sketches were merged. (The HIP
   * estimator, which {@code getEstimate()} uses while a sketch has seen no out-of-order merge, is a
   * little more accurate but depends on that order.)
   */
  public long estimate() {
    return Math.round(union.getCompositeEstimate());
  }

  /** DataSketches' compact serialization of the union. */
  public byte[] toBytes() {
    try {
      return union.toCompactByteArray();
    } catch (LinkageError e) {
      throw unsupportedRuntime(e);
    }
  }

  public static DistinctCountSketch fromBytes(byte[] bytes) {
    DistinctCountSketch sketch = new DistinctCountSketch();
    try {
      sketch.union = Union.heapify(bytes);
    } catch (LinkageError e) {
      throw unsupportedRuntime(e);
    }
    return sketch;
  }

  private static UnsupportedOperationException unsupportedRuntime(LinkageError e) {
    return new UnsupportedOperationException("countApproxDistinct cannot serialize its DataSketches HLL sketch on "
        + "Java " + System.getProperty("java.version") + ": datasketches-memory 3.0.x supports Java 8, 11, 17 and "
        + "21 only (run the executors and the driver on one of those)", e);
  }

  @Override
  public void write(Kryo kryo, Output output) {
    byte[] bytes = toBytes();
    output.writeVarInt(bytes.length, true);
    output.writeBytes(bytes);
  }

  @Override
  public void read(Kryo kryo, Input input) {
    this.union = fromBytes(input.readBytes(input.readVarInt(true))).union;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    byte[] bytes = toBytes();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    this.union = fromBytes(bytes).union;
  }

  /**
   * Turns elements into what a sketch hashes, inside one task: elements without a fixed byte form are
   * serialized with a Kryo borrowed from the task's serializer on first need and given back by
   * {@link #close()}. Not thread-safe, like the task's iterator.
   */
  public static final class Hasher implements AutoCloseable {
    private final KryoSerializer serializer;
    private Kryo kryo;
    private Output output;

    public Hasher(TaskServices env) {
      this.serializer = env.serializer();
    }

    /** The element itself if a String, Long, Integer or Double, else its serialization behind a tag byte. */
    public Object canonical(Object value) {
      if (value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Double) {
        return value;
      }
      if (kryo == null) {
        kryo = serializer.borrow();
        output = new Output(256, -1);
      }
      output.reset();
      output.writeByte(SERIALIZED);
      kryo.writeClassAndObject(output, value);
      return output.toBytes();
    }

    @Override
    public void close() {
      if (kryo != null) {
        serializer.release(kryo);
        kryo = null;
        output = null;
      }
    }
  }
}
