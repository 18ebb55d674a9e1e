/**
 * Engine (internal): The status UI: listener, retained state, JSON and HTML pages, HTTP server.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.status;

import org.apache.hadoop.classification.InterfaceAudience;
