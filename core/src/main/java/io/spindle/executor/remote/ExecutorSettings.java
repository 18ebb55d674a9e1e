package io.spindle.executor.remote;

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
        secret(env),
        require(env, ExecutorEnvironment.EXECUTOR_ID), require(env, ExecutorEnvironment.EXECUTOR_HOST),
        Integer.parseInt(require(env, ExecutorEnvironment.EXECUTOR_CORES)),
        localDirs(env),
        shuffle[0], Integer.parseInt(shuffle[1]));
  }

  /**
   * {@code SPINDLE_APP_SECRET} (local-cluster), else the secret key in this process's Hadoop
   * credentials (a YARN container's token file). Read from the file itself rather than through
   * UserGroupInformation, whose login (JAAS, groups, metrics) would delay the executor's
   * registration by a few hundred ms; the tasks log in later, when they first reach a filesystem.
   */
  private static byte[] secret(Map<String, String> env) {
    String inEnv = env.get(ExecutorEnvironment.APP_SECRET);
    if (inEnv == null || inEnv.isEmpty()) {
      String tokenFile = env.get("HADOOP_TOKEN_FILE_LOCATION");
      try {
        byte[] key = tokenFile == null ? null : secretInTokenFile(java.nio.file.Path.of(tokenFile));
        if (key == null) {
          key = org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getCredentials()
              .getSecretKey(new org.apache.hadoop.io.Text(ExecutorEnvironment.SECRET_CREDENTIALS_ALIAS));
        }
        if (key != null) {
          return key;
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return Base64.getDecoder().decode(require(env, ExecutorEnvironment.APP_SECRET));
  }

  static byte[] secretInTokenFile(java.nio.file.Path file) throws java.io.IOException {
    org.apache.hadoop.security.Credentials credentials = new org.apache.hadoop.security.Credentials();
    try (java.io.DataInputStream in = new java.io.DataInputStream(
        new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file)))) {
      credentials.readTokenStorageStream(in);
    }
    return credentials.getSecretKey(new org.apache.hadoop.io.Text(ExecutorEnvironment.SECRET_CREDENTIALS_ALIAS));
  }

  /**
   * {@code SPINDLE_LOCAL_DIRS}, else (in a YARN container) a dir {@code spindle-executor-<id>} in each
   * of YARN's {@code LOCAL_DIRS}: those are the application's dirs ({@code .../appcache/<appId>}),
   * which the NodeManager keeps until the application ends, so the shuffle service can serve map
   * outputs after this executor's container is gone (the container's own dir is deleted with it).
   */
  private static List<String> localDirs(Map<String, String> env) {
    String own = env.get(ExecutorEnvironment.LOCAL_DIRS);
    if (own != null && !own.isEmpty()) {
      return Arrays.asList(own.split(File.pathSeparator));
    }
    String containerDirs = env.get("LOCAL_DIRS"); // the container's application dirs
    if (containerDirs == null || containerDirs.isEmpty()) {
      require(env, ExecutorEnvironment.LOCAL_DIRS); // throws the usual message
    }
    String id = require(env, ExecutorEnvironment.EXECUTOR_ID);
    List<String> dirs = new java.util.ArrayList<>();
    for (String appDir : containerDirs.split(",")) {
      java.nio.file.Path dir = java.nio.file.Path.of(appDir.trim(), "spindle-executor-" + id);
      try {
        java.nio.file.Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot create the executor's local dir " + dir, e);
      }
      dirs.add(dir.toString());
    }
    return dirs;
  }

  /** This executor with the shuffle service's port the driver sent (YARN: known only after the container started). */
  ExecutorSettings withShufflePort(int port) {
    return new ExecutorSettings(driverHost, driverPort, appId, secret, executorId, host, cores, localDirs, shuffleHost,
        port);
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("Environment variable " + name + " is not set: executors are started by "
          + "a Spindle driver (local-cluster) or ApplicationMaster, not by hand.");
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
