/**
 * Engine (internal): Hadoop's own InputFormats and OutputFormats as lineage nodes and output jobs —
 * {@code hadoopFile} / {@code newAPIHadoopFile} / {@code newAPIHadoopRDD} (splits and their hosts
 * become partitions and preferred locations), {@code saveAsHadoopFile} / {@code saveAsNewAPIHadoopFile}
 * (committed through the OutputFormat's own committer, one attempt per partition allowed by the
 * driver's commit coordinator), whole-file inputs and object files.
 *
 * <p>Not API: names and signatures change without notice. Engine packages never import the root
 * package {@code io.spindle}; see its package documentation for the API/engine rule.
 */
@InterfaceAudience.Private
package io.spindle.hadoop;

import org.apache.hadoop.classification.InterfaceAudience;
