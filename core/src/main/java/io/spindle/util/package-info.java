/**
 * Engine (internal): Small helpers: iterators, clocks, call sites, exception plumbing.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.util;

import org.apache.hadoop.classification.InterfaceAudience;
