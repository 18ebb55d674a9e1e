package io.spindle.rdd;

import java.io.Serializable;

/** An edge of the lineage graph: the child RDD reads {@link #rdd()}. */
public abstract class Dependency<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  public abstract RddNode<T> rdd();
}
