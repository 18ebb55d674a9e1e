/**
 * Engine (internal): the event log — scheduler events written as JSON lines in Spark's event-log
 * format to any Hadoop filesystem ({@code EventLogWriter}), file names ({@code EventLogFiles}) and
 * the JSON of each event ({@code SparkEventJson}).
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.eventlog;

import org.apache.hadoop.classification.InterfaceAudience;
