/**
 * Engine (internal): Configuration keys (SpindleConfigs), their parsing, and Settings, the engine's view of an application's configuration (SpindleConf is one).
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.config;

import org.apache.hadoop.classification.InterfaceAudience;
