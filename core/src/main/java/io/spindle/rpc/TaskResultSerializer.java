package io.spindle.rpc;

import io.spindle.scheduler.TaskResult;
import io.spindle.serializer.ClosureSerializer;
import java.io.IOException;

/**
 * Ships a {@link TaskResult} from executor to driver with Java serialization. A failure whose
 * exception cannot be serialized travels as a {@link RemoteTaskException} that keeps its class
 * name, message and stack trace (a fetch failure stays one: only its cause is converted so); a result value that cannot be serialized fails the task with a
 * message naming its class.
 */
public final class TaskResultSerializer {
  private TaskResultSerializer() {}

  public static byte[] serialize(TaskResult result) {
    try {
      return ClosureSerializer.serialize(result, "task result");
    } catch (RuntimeException notSerializable) {
      if (result.failure() instanceof io.spindle.shuffle.FetchFailedException fetchFailed) {
        // Must stay a fetch failure (the driver resubmits the map stage for it): only its cause is converted.
        Throwable cause = fetchFailed.getCause() == null ? null : RemoteTaskException.of(fetchFailed.getCause());
        return ClosureSerializer.serialize(TaskResult.failed(fetchFailed.withCause(cause))
            .withMetrics(result.metrics()), "task failure");
      }
      if (!result.succeeded()) {
        return ClosureSerializer.serialize(TaskResult.failed(RemoteTaskException.of(result.failure()))
            .withMetrics(result.metrics()), "task failure");
      }
      String type = result.value() == null ? "null" : result.value().getClass().getName();
      return ClosureSerializer.serialize(TaskResult.failed(new RemoteTaskException(
          "io.spindle.function.TaskNotSerializableException", "The task's result (class " + type + ") cannot be sent to the "
          + "driver: " + notSerializable.getMessage(), new StackTraceElement[0], null)).withMetrics(result.metrics()),
          "task failure");
    }
  }

  public static TaskResult deserialize(byte[] bytes, ClassLoader loader) {
    try {
      return (TaskResult) ClosureSerializer.deserialize(bytes, loader);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      return TaskResult.failed(new IllegalStateException("The driver could not read a task result sent by an "
          + "executor (is the user's jar the same on both?): " + e, e));
    }
  }
}
