/**
 * The executor side of an executor in its own process (local-cluster JVMs, YARN containers):
 * {@link io.spindle.executor.remote.ExecutorMain} is the process's {@code main}, which reads its
 * {@link io.spindle.executor.remote.ExecutorSettings} from the environment and runs an
 * {@link io.spindle.executor.remote.ExecutorProcess}: it connects and registers with the driver,
 * runs the tasks it is sent with the same task runner, shuffle reader and block store as the
 * driver's local mode, and asks the driver for map outputs, broadcasts and commit permissions
 * ({@code Rpc*} classes, through {@link io.spindle.executor.remote.DriverRequests}).
 *
 * <p>Why this is in core and not a module of its own: there is one engine jar, the executor and the
 * driver share the engine (a separate module imported some twenty of core's internals), and the
 * container process is just a {@code main}. With it here, core's default
 * {@code spindle.executor.mainClass} names a class core itself contains, so core's local-cluster
 * tests run in core, and a driver's classpath is all an executor needs.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.executor.remote;

import org.apache.hadoop.classification.InterfaceAudience;
