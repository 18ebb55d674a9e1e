/**
 * Engine (internal): Compression of shuffle segments and spill files ({@code spindle.shuffle.compress},
 * {@code spindle.shuffle.spill.compress}, {@code spindle.io.compression.codec}): the codecs (lz4, zstd, or a
 * class name) and the settings that choose them.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.shuffle.codec;

import org.apache.hadoop.classification.InterfaceAudience;
