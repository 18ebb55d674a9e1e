/**
 * Engine (internal): Spillable collections: the external sorter and combiner, their spill files and merging, and the aggregator they combine with.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.shuffle.spill;

import org.apache.hadoop.classification.InterfaceAudience;
