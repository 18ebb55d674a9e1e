/**
 * Engine (internal): The driver RPC between the driver and executor processes: messages, codec, client and server.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.rpc;

import org.apache.hadoop.classification.InterfaceAudience;
