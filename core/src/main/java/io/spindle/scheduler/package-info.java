/**
 * Engine (internal): The DAG scheduler (stages, jobs), the task scheduler (task sets, locality) and the map output tracker.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.scheduler;

import org.apache.hadoop.classification.InterfaceAudience;
