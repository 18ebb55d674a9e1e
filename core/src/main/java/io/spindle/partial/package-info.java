/**
 * Engine (internal): the approximate actions' machinery (Spark's {@code org.apache.spark.partial}) —
 * evaluators that merge per-partition results as tasks finish and estimate the whole with
 * confidence bounds ({@link io.spindle.partial.CountEvaluator}, {@link io.spindle.partial.GroupedCountEvaluator},
 * {@link io.spindle.partial.SumEvaluator}, {@link io.spindle.partial.MeanEvaluator}), and the
 * listener an action waits on ({@link io.spindle.partial.ApproximateActionListener}). The result
 * types, {@link io.spindle.function.PartialResult} and {@link io.spindle.function.BoundedDouble},
 * are API.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.partial;

import org.apache.hadoop.classification.InterfaceAudience;
