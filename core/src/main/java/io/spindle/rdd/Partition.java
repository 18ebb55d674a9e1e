package io.spindle.rdd;

import java.io.Serializable;

/** One slice of an RDD; a task computes exactly one. Carries what compute needs to find its data. */
public interface Partition extends Serializable {
  int index();
}
