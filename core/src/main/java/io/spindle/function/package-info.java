/**
 * The leaf of Spindle's API: what user code running in tasks is written against and what the
 * engine calls back or hands over — the function interfaces, {@link io.spindle.function.Pair},
 * {@link io.spindle.function.Triple}, {@link io.spindle.function.Partitioner} /
 * {@link io.spindle.function.HashPartitioner}, {@link io.spindle.function.TaskContext} (the
 * user-facing surface; the engine's subclass is {@code io.spindle.task.EngineTaskContext}),
 * {@link io.spindle.function.SpindleListener} with its event records and the values they carry
 * ({@link io.spindle.function.TaskLocality}, {@link io.spindle.function.TaskMetrics}),
 * {@link io.spindle.function.StorageLevel}, the approximate actions' results
 * ({@link io.spindle.function.PartialResult}, {@link io.spindle.function.BoundedDouble}), and the exceptions users catch
 * ({@link io.spindle.function.SpindleException}, {@link io.spindle.function.JobFailedException},
 * {@link io.spindle.function.TaskNotSerializableException}).
 *
 * <p>Depends on {@code java.*} only — no other Spindle package — so engine packages can use it
 * without depending on the facades (see {@code io.spindle}'s package documentation).
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
package io.spindle.function;

import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;
