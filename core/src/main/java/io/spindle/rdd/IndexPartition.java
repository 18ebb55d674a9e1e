package io.spindle.rdd;

/** A partition that is nothing but its index. */
public record IndexPartition(int index) implements Partition {}
