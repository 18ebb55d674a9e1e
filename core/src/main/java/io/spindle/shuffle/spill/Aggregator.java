package io.spindle.shuffle.spill;

import io.spindle.function.Function;
import io.spindle.function.Function2;
import java.io.Serializable;

/**
 * How values of one key are combined: the first value becomes a combiner, later values merge
 * into it, and combiners built on different map tasks merge together on the reduce side.
 */
public record Aggregator<K, V, C>(
    Function<V, C> createCombiner,
    Function2<C, V, C> mergeValue,
    Function2<C, C, C> mergeCombiners) implements Serializable {}
