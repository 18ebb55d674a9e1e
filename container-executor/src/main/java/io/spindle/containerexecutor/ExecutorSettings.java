package io.spindle.containerexecutor;

import io.spindle.cluster.ExecutorEnvironment;
import java.io.File;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** What an executor process learns from its environment (see {@link ExecutorEnvironment}). */
record ExecutorSettings(String driverHost, int driverPort, String appId, byte[] secret, String executorId,
    String host, int cores, List<String> localDirs, String shuffleHost, int shufflePort) {

  static ExecutorSettings fromEnvironment(Map<String, String> env) {
    String[] driver = hostPort(env, ExecutorEnvironment.DRIVER);
    String[] shuffle = hostPort(env, ExecutorEnvironment.SHUFFLE_SERVICE);
    return new ExecutorSettings(driver[0], Integer.parseInt(driver[1]), require(env, ExecutorEnvironment.APP_ID),
        Base64.getDecoder().decode(require(env, ExecutorEnvironment.APP_SECRET)),
        require(env, ExecutorEnvironment.EXECUTOR_ID), require(env, ExecutorEnvironment.EXECUTOR_HOST),
        Integer.parseInt(require(env, ExecutorEnvironment.EXECUTOR_CORES)),
        Arrays.asList(require(env, ExecutorEnvironment.LOCAL_DIRS).split(File.pathSeparator)),
        shuffle[0], Integer.parseInt(shuffle[1]));
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("Environment variable " + name + " is not set: executors are started by "
          + "a Spindle driver (local-cluster or YARN), not by hand.");
    }
    return value;
  }

  private static String[] hostPort(Map<String, String> env, String name) {
    String value = require(env, name);
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(name + " must be host:port, not '" + value + "'");
    }
    return new String[] {value.substring(0, colon), value.substring(colon + 1)};
  }
}
