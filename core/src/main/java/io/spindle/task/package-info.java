/**
 * Engine (internal): The engine's view of a running task (EngineTaskContext) and the process services low engine layers need (TaskServices).
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.task;

import org.apache.hadoop.classification.InterfaceAudience;
