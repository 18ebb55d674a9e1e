package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A driver-side list cut into contiguous slices; each slice travels inside its task. */
public final class ParallelCollectionRdd<T> extends RddNode<T> implements SignedInput {
  private static final long serialVersionUID = 1L;

  private final transient List<T> data;
  private final int numSlices;

  public ParallelCollectionRdd(RddContext ctx, List<T> data, int numSlices) {
    super(ctx);
    if (numSlices < 1) {
      throw new IllegalArgumentException("Number of slices must be positive, got " + numSlices);
    }
    this.data = new ArrayList<>(data);
    this.numSlices = numSlices;
  }

  /** The slice count and a SHA-256 of the data's Java serialization; null if the data is not serializable. */
  @Override
  public String inputIdentity() {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(
          new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha))) {
        out.writeObject(data);
      }
      return "parallelize slices=" + numSlices + " size=" + data.size() + " sha256="
          + java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      return null;
    }
  }

  private record Slice<T>(int index, ArrayList<T> values) implements Partition {}

  @Override
  protected Partition[] computePartitions() {
    Partition[] slices = new Partition[numSlices];
    long n = data.size();
    for (int i = 0; i < numSlices; i++) {
      int from = (int) (i * n / numSlices);
      int to = (int) ((i + 1) * n / numSlices);
      slices[i] = new Slice<>(i, new ArrayList<>(data.subList(from, to)));
    }
    return slices;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Iterator<T> compute(Partition split, EngineTaskContext context) {
    return ((Slice<T>) split).values().iterator();
  }
}
