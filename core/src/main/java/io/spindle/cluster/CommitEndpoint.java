package io.spindle.cluster;

import io.spindle.output.OutputCommitCoordinator;
import io.spindle.rpc.RpcMessage;

/**
 * Authorises executors' task commits through the driver's coordinator (Spark's
 * {@code OutputCommitCoordinatorEndpoint}): one attempt per partition may commit its output.
 */
final class CommitEndpoint {
  private final OutputCommitCoordinator commits;

  CommitEndpoint(OutputCommitCoordinator commits) {
    this.commits = commits;
  }

  RpcMessage.CommitAnswer answer(RpcMessage.AskCommit ask) {
    return new RpcMessage.CommitAnswer(ask.requestId(), commits.canCommit(ask.stageId(), ask.partition(), ask.attemptId()));
  }
}
