/**
 * Engine (internal): Broadcast variables' storage and transport: the manager that serializes, stores and resolves values by id.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.broadcast;

import org.apache.hadoop.classification.InterfaceAudience;
