/**
 * Spindle's user API: the driver-side entry point and facades — {@link io.spindle.SpindleContext},
 * {@link io.spindle.SpindleConf}, {@link io.spindle.Rdd}, {@link io.spindle.PairRdd},
 * {@link io.spindle.DoubleRdd} and {@link io.spindle.Broadcast}.
 *
 * <h2>API and engine</h2>
 * Core's packages are of two kinds, marked with Hadoop's audience annotations on each package:
 * <ul>
 *   <li><b>API</b> ({@code @InterfaceAudience.Public}, {@code @InterfaceStability.Evolving}):
 *     <ul>
 *       <li>{@code io.spindle} (this package): the facades above. They are the <em>only</em> API classes
 *         that may use engine packages; they hold engine objects (an {@code Rdd} holds a lineage node,
 *         {@code io.spindle.rdd.RddNode}; the context owns the scheduler stack) and build new ones.
 *         Their public signatures name API types only, except members annotated
 *         {@code @InterfaceAudience.Private}: the bridge for the engine, other Spindle modules and
 *         tests (e.g. {@code Rdd.node()}, {@code Rdd.wrap(RddNode)}, {@code SpindleContext.blockStore()}).
 *         {@code SpindleConf} extends the engine's {@code io.spindle.config.Settings} and only narrows
 *         its setters.</li>
 *       <li>{@code io.spindle.function}: the leaf API — what user code running in tasks is written
 *         against and what the engine calls back or hands over (function interfaces, {@code Pair},
 *         {@code Triple}, {@code Partitioner}, {@code TaskContext}, {@code SpindleListener} and its
 *         events, {@code StorageLevel}, the exceptions users catch). It depends on {@code java.*}
 *         only, so the engine can use it without depending on the facades.</li>
 *       <li>{@code io.spindle.accumulator}: accumulators; like {@code function} it depends on
 *         {@code java.*} only. Its two registries ({@code AccumulatorContext},
 *         {@code TaskAccumulators}) are engine-facing and marked {@code @InterfaceAudience.Private}.</li>
 *     </ul></li>
 *   <li><b>Engine</b> ({@code @InterfaceAudience.Private}): every other package of core. Internal:
 *     names and signatures change without notice. Engine packages never import {@code io.spindle}
 *     (this package); they take engine-side types instead ({@code io.spindle.rdd.RddContext} for the
 *     context, {@code io.spindle.config.Settings} for the conf, {@code io.spindle.task.EngineTaskContext}
 *     for the task context).</li>
 * </ul>
 * There are no package cycles inside core. {@code io.spindle.architecture.ArchitectureTest} (core's
 * tests) checks these rules on every build.
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
package io.spindle;

import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;
