package io.spindle.am;

import io.spindle.cluster.ExecutorEnvironment;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;

/**
 * The launch context of an executor container: the AM's own localized files (framework jars from
 * the PUBLIC cache, so NodeManagers that ran the AM or another executor reuse them; spindle-core
 * among them holds the executor's main class), the
 * application jar and --jars on the class path, the executor's identity and the application
 * secret in the environment (never on the command line; on a Kerberos cluster the secret travels in
 * the container's credentials instead, with the AM's current delegation tokens and never its AMRM
 * token, see docs/security.md), and the secret as the service data of
 * the NodeManager's {@code spindle_shuffle} service, which then serves this application's files.
 * The shuffle service's port is not in the environment: it is only known once the container
 * started, so the driver sends it in its registration reply (see ExecutorLauncher#shuffleServiceAddress).
 */
final class ExecutorContainerSpec {
  private final ExecutorResources resources;
  private final List<String> userClassPath;
  private final String javaHome;
  private final long heapMiB;
  private final int cores;
  private final String mainClass;
  private final String appId;
  private final byte[] secret;
  private final List<String> javaOptions;
  private final boolean classDataSharing;

  private volatile Map<String, String> userEnvironment = Map.of();

  ExecutorContainerSpec(ExecutorResources resources, List<String> userClassPath, String javaHome, long heapMiB,
      int cores, String mainClass, String appId, byte[] secret) {
    this(resources, userClassPath, javaHome, heapMiB, cores, mainClass, appId, secret, List.of());
  }

  /** {@code extraJavaOptions}: spindle.executor.extraJavaOptions, after the defaults. */
  ExecutorContainerSpec(ExecutorResources resources, List<String> userClassPath, String javaHome, long heapMiB,
      int cores, String mainClass, String appId, byte[] secret, List<String> extraJavaOptions) {
    this(resources, userClassPath, javaHome, heapMiB, cores, mainClass, appId, secret, extraJavaOptions, true);
  }

  /** {@code classDataSharing}: spindle.yarn.classDataSharing (see {@link ContainerClassDataSharing}). */
  ExecutorContainerSpec(ExecutorResources resources, List<String> userClassPath, String javaHome, long heapMiB,
      int cores, String mainClass, String appId, byte[] secret, List<String> extraJavaOptions,
      boolean classDataSharing) {
    this.classDataSharing = classDataSharing;
    this.javaOptions = List.copyOf(extraJavaOptions);
    this.resources = resources;
    this.userClassPath = List.copyOf(userClassPath);
    this.javaHome = javaHome;
    this.heapMiB = heapMiB;
    this.cores = cores;
    this.mainClass = mainClass;
    this.appId = appId;
    this.secret = secret.clone();
  }

  /** The variables of spindle.executorEnv.* ({@link ContainerEnvironment}), added to every executor's. */
  void userEnvironment(Map<String, String> variables) {
    this.userEnvironment = Map.copyOf(variables);
  }

  ContainerLaunchContext build(String executorId, String host, String driverAddress) {
    Map<String, String> env = new LinkedHashMap<>(userEnvironment); // Spindle's own below: they never clash
    List<String> jars = new ArrayList<>(resources.classPath());
    jars.addAll(userClassPath); // executors deserialize the job's closures with the system class loader
    List<String> cp = new ArrayList<>();
    cp.add(Environment.PWD.$$()); // the Hadoop *-site.xml and log4j.properties
    for (String jar : jars) {
      cp.add(Environment.PWD.$$() + "/" + jar);
    }
    env.put(Environment.CLASSPATH.name(), String.join(ApplicationConstants.CLASS_PATH_SEPARATOR, cp));
    try {
      if (!UserGroupInformation.isSecurityEnabled()) { // else HDFS would see the NodeManager's user
        env.put("HADOOP_USER_NAME", UserGroupInformation.getCurrentUser().getShortUserName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put(ExecutorEnvironment.DRIVER, driverAddress);
    env.put(ExecutorEnvironment.APP_ID, appId);
    java.nio.ByteBuffer tokens;
    try {
      // The AM's current delegation tokens (renewed ones included; none without Kerberos), never its
      // AMRM token, and the secret beside them, never in the environment: NodeManagers copy a
      // container's launch script, exports and all, into its log dir, which `yarn logs` shows.
      org.apache.hadoop.security.Credentials credentials = DelegationTokens.withoutAmRmToken(
          UserGroupInformation.getCurrentUser().getCredentials());
      AppSecret.addTo(credentials, secret);
      tokens = DelegationTokens.asBuffer(credentials);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put(ExecutorEnvironment.EXECUTOR_ID, executorId);
    env.put(ExecutorEnvironment.EXECUTOR_HOST, host);
    env.put(ExecutorEnvironment.EXECUTOR_CORES, Integer.toString(cores));
    // No SPINDLE_LOCAL_DIRS: the executor uses YARN's LOCAL_DIRS (the application's dirs). Port 0: the driver tells.
    env.put(ExecutorEnvironment.SHUFFLE_SERVICE, host + ":0");

    String home = javaHome != null ? javaHome : Environment.JAVA_HOME.$$();
    List<String> command = new ArrayList<>(List.of(home + "/bin/java", "-Xmx" + heapMiB + "m",
        "-Djava.io.tmpdir=" + Environment.PWD.$$() + "/tmp", "-Dfile.encoding=UTF-8"));
    command.addAll(JvmOptions.EXECUTOR_DEFAULTS);
    ContainerClassDataSharing.CommandParts cds = ContainerClassDataSharing.commandParts(classDataSharing, "executor",
        home, jars, resources.files(), javaOptions);
    command.addAll(cds.options());
    // The collector default, its young generation cap and huge pages for the heap (unless the user's
    // options choose a collector, a size or large pages), then the user's: theirs win.
    command.addAll(JvmOptions.taskRunnerOptions(javaOptions, heapMiB, cores));
    command.addAll(cds.classPath()); // the same jars as CLASSPATH above, at paths an archive can record
    command.addAll(List.of(mainClass, "1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout",
        "2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr"));
    return ContainerLaunchContext.newInstance(resources.files(), env, List.of(String.join(" ", command)),
        Map.of(ShuffleServiceData.SERVICE_NAME, ShuffleServiceData.encodeSecret(secret)), tokens, null);
  }
}
