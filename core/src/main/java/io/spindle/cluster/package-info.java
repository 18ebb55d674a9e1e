/**
 * Engine (internal): Cluster backends and executor launchers: the driver side of local-cluster and YARN executors, and master URL parsing (Master).
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.cluster;

import org.apache.hadoop.classification.InterfaceAudience;
