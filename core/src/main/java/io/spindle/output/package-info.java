/**
 * Engine (internal): Output commit coordination: one committed attempt per partition.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.output;

import org.apache.hadoop.classification.InterfaceAudience;
