/**
 * Engine (internal): The block store: cached RDD partitions and broadcast values, in memory and on disk.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.storage;

import org.apache.hadoop.classification.InterfaceAudience;
