package io.spindle.rdd;

/**
 * An RDD without parents whose data can be identified across driver processes: the lineage
 * signature ({@code scheduler.LineageSignature}) includes its identity, and a stage reading an
 * input RDD that does not implement this is never restored from an earlier ApplicationMaster
 * attempt (its data could have changed without the signature noticing).
 */
public interface SignedInput {
  /**
   * A canonical description of the data this RDD reads now (e.g. each input file with its length
   * and modification time), or null when it cannot be described.
   */
  String inputIdentity();
}
