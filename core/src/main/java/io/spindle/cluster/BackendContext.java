package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.broadcast.BroadcastSource;
import io.spindle.env.ExecutorEnv;
import io.spindle.output.OutputCommitCoordinator;
import io.spindle.scheduler.MapOutputTracker;
import io.spindle.scheduler.TaskScheduler;
import java.nio.file.Path;

/**
 * What a {@link ClusterDeployment} builds a scheduler backend from: the driver-side services a
 * {@code SpindleContext} made for its application.
 *
 * @param conf the application's configuration
 * @param applicationId the application's id (the deployment's, or a local one)
 * @param taskScheduler the scheduler the backend offers its slots to
 * @param mapOutputs the driver's map-output tracker (executors in other processes ask it)
 * @param commits the driver's output commit coordinator (executors in other processes ask it)
 * @param broadcasts the driver's broadcast values (executors in other processes fetch them)
 * @param driverEnv the driver's own executor services, which local mode runs its tasks with
 * @param scratchDir the application's scratch dir on this machine
 * @param userLoader the class loader of the user's classes
 */
public record BackendContext(Settings conf, String applicationId, TaskScheduler taskScheduler,
    MapOutputTracker mapOutputs, OutputCommitCoordinator commits, BroadcastSource broadcasts,
    ExecutorEnv driverEnv, Path scratchDir, ClassLoader userLoader) {}
