/**
 * Engine (internal): ExecutorEnv: the services of one process that tasks use (block store, shuffle reader, broadcasts, commit coordinator, memory).
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.env;

import org.apache.hadoop.classification.InterfaceAudience;
