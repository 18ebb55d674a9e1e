package io.spindle.executor.remote;

import io.spindle.output.OutputCommitCoordinator;
import io.spindle.rpc.RpcMessage;

/** Asks the driver's {@link OutputCommitCoordinator}, so one attempt per partition commits across all executors. */
final class RpcCommitCoordinator extends OutputCommitCoordinator {
  private final DriverRequests driver;

  RpcCommitCoordinator(DriverRequests driver) {
    this.driver = driver;
  }

  @Override
  public boolean canCommit(int stageId, int partition, long attemptId) {
    return ((RpcMessage.CommitAnswer) driver.ask(id -> new RpcMessage.AskCommit(id, stageId, partition, attemptId),
        "permission to commit partition " + partition + " of stage " + stageId)).allowed();
  }

  @Override
  public void attemptFailed(int stageId, int partition, long attemptId) {
    // the driver releases the right when it learns of the failure
  }

  @Override
  public void stageEnded(int stageId, int numPartitions) {
    // the driver forgets finished stages
  }
}
