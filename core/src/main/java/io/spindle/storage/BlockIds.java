package io.spindle.storage;

/**
 * Names of blocks in a {@link BlockStore}, as Spark spells them: {@code rdd_<rddId>_<partition>}
 * for a cached partition, {@code broadcast_<id>} for a broadcast value and
 * {@code broadcast_<id>_piece<n>} for its serialized bytes.
 */
public final class BlockIds {
  private BlockIds() {}

  public static String rdd(int rddId, int partition) {
    return "rdd_" + rddId + "_" + partition;
  }

  /** The prefix shared by all blocks of one RDD. */
  public static String rddPrefix(int rddId) {
    return "rdd_" + rddId + "_";
  }

  public static boolean isRdd(String blockId) {
    return blockId.startsWith("rdd_");
  }

  /** The RDD id of an {@code rdd_} block, or -1. */
  public static int rddIdOf(String blockId) {
    if (blockId == null || !isRdd(blockId)) {
      return -1;
    }
    int end = blockId.indexOf('_', 4);
    return Integer.parseInt(blockId.substring(4, end));
  }

  public static String broadcast(long id) {
    return "broadcast_" + id;
  }

  public static String broadcastPiece(long id, int piece) {
    return "broadcast_" + id + "_piece" + piece;
  }
}
