/**
 * Engine (internal): Lineage nodes (RddNode and its implementations), dependencies, partitions and the driver handle they use (RddContext); also text input and output.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.rdd;

import org.apache.hadoop.classification.InterfaceAudience;
