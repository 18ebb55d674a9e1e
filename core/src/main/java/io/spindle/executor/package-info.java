/**
 * Engine (internal): Running tasks: the task runner and the local-mode backend that runs tasks on threads of the driver's JVM.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.executor;

import org.apache.hadoop.classification.InterfaceAudience;
