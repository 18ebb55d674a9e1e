/**
 * Accumulators: values tasks add to and the driver reads after a job
 * ({@link io.spindle.accumulator.AccumulatorV2} and the long, double and collection kinds made by
 * {@code SpindleContext}). API: depends on {@code java.*} only, and public signatures name no
 * engine type. {@link io.spindle.accumulator.AccumulatorContext} (the driver's registry) and
 * {@link io.spindle.accumulator.TaskAccumulators} (a task's copies) are engine-facing and marked
 * {@code @InterfaceAudience.Private}; they live here because they manage the accumulators' ids.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
package io.spindle.accumulator;

import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;
