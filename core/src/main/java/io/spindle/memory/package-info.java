/**
 * Engine (internal): Execution and storage memory accounting (unified memory manager, per-task memory).
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.memory;

import org.apache.hadoop.classification.InterfaceAudience;
