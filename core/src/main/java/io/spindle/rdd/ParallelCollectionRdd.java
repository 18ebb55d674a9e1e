package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A driver-side list cut into contiguous slices; each slice travels inside its task. */
public final class ParallelCollectionRdd<T> extends RddNode<T> {
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
