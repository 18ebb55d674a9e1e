/**
 * Engine (internal): The shuffle: the sort-based writer, the reader, map statuses and block sources.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.shuffle;

import org.apache.hadoop.classification.InterfaceAudience;
