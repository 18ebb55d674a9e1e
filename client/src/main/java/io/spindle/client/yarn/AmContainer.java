package io.spindle.client.yarn;

import io.spindle.am.AppSecret;
import io.spindle.am.ApplicationMaster;
import io.spindle.am.ContainerClassDataSharing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;

/**
 * The ApplicationMaster's launch context: localized files, class path, environment, command and
 * the credentials carrying the application secret. The class path is the container's working dir
 * (for core-site.xml and log4j.properties) then the framework jars; the application jar is not on
 * it, the AM loads it in a class loader of its own.
 */
final class AmContainer {
  private final Map<String, LocalResource> resources = new HashMap<>();
  private final List<String> classPath = new ArrayList<>();
  private final Map<String, byte[]> launchFiles = new LinkedHashMap<>();
  private boolean classDataSharing = true;
  private Map<String, String> userEnvironment = Map.of();
  private int taskThreads; // 0: the AM drives executors; else it runs the tasks on this many threads
  private boolean encryptsRpc;

  /**
   * The AM runs the application's tasks itself ({@link io.spindle.am.YarnConfigs#tasksRunInAm}) on
   * {@code threads} threads: it gets the executors' JVM defaults (C2 at their thresholds, the
   * throughput collector, a young generation per task thread, huge pages) instead of the driving
   * AM's C1 only, which would run the tasks' hot loops 35–40% slower.
   */
  AmContainer runsTasks(int threads) {
    taskThreads = threads;
    return this;
  }

  /**
   * What decides the AM's JVM defaults, from the application's settings: whether it runs the tasks
   * ({@link #runsTasks}) or drives executors over encrypted RPC ({@link #encryptsRpc}).
   */
  AmContainer jvmFor(io.spindle.config.Settings conf) {
    if (io.spindle.am.YarnConfigs.tasksRunInAm(conf)) {
      runsTasks(io.spindle.am.YarnConfigs.amTaskThreads(conf));
    }
    return encryptsRpc(drivesEncryptedRpc(conf));
  }

  /**
   * The AM's JVM options besides the defaults {@link #build} adds: spindle.driver.extraJavaOptions,
   * after the JDK AES's JIT options when the tasks run in the AM with spindle.io.encryption.enabled
   * (as an executor gets them, {@link io.spindle.am.JvmOptions#ENCRYPTION_JIT}).
   */
  static List<String> javaOptions(io.spindle.config.Settings conf) {
    List<String> options = new ArrayList<>();
    boolean inAm = io.spindle.am.YarnConfigs.tasksRunInAm(conf);
    if (inAm ? conf.get(io.spindle.config.SpindleConfigs.IO_ENCRYPTION_ENABLED) : drivesEncryptedRpc(conf)) {
      options.addAll(io.spindle.am.JvmOptions.ENCRYPTION_JIT);
    }
    options.addAll(io.spindle.am.JvmOptions.parse(conf.get(io.spindle.am.YarnConfigs.DRIVER_EXTRA_JAVA_OPTIONS)));
    return options;
  }

  /** Whether the AM's driver talks to executors over encrypted connections (spindle.network.crypto.enabled). */
  static boolean drivesEncryptedRpc(io.spindle.config.Settings conf) {
    return !io.spindle.am.YarnConfigs.tasksRunInAm(conf) && conf.get(io.spindle.config.SpindleConfigs.NETWORK_CRYPTO_ENABLED);
  }

  /**
   * The driving AM encrypts its RPC (spindle.network.crypto.enabled): it keeps C2, for the JDK's
   * AES-GCM only in effect (the executors' 10x thresholds for the rest, {@link #javaOptions}' per-method
   * ones for the AES provider). Its intrinsics are C2's: C1 only seals and opens ~40 MB/s against
   * ~740 MB/s (docs/benchmarks.md, "Encryption on the wire"), which tasks, results and broadcasts
   * of an encrypted application all pass through.
   */
  AmContainer encryptsRpc(boolean on) {
    encryptsRpc = on;
    return this;
  }

  /** spindle.yarn.classDataSharing ({@link io.spindle.am.ContainerClassDataSharing}). */
  AmContainer classDataSharing(boolean on) {
    classDataSharing = on;
    return this;
  }

  /** spindle.yarn.appMasterEnv.* ({@link io.spindle.am.ContainerEnvironment}): added to the AM's environment. */
  AmContainer userEnvironment(Map<String, String> variables) {
    userEnvironment = Map.copyOf(variables);
    return this;
  }

  /** Adds a file under {@code linkName} in the container's working dir. */
  void localize(String linkName, FileStatus file, LocalResourceVisibility visibility) {
    localize(linkName, file, visibility, LocalResourceType.FILE);
  }

  /** Adds a file, or an archive the NodeManager unpacks into a dir, under {@code linkName}. */
  void localize(String linkName, FileStatus file, LocalResourceVisibility visibility, LocalResourceType type) {
    resources.put(linkName, LocalResource.newInstance(URL.fromPath(file.getPath()), type,
        visibility, file.getLen(), file.getModificationTime()));
  }

  /** Adds a framework jar: localized and on the class path. */
  void addFrameworkJar(String linkName, FileStatus file, LocalResourceVisibility visibility) {
    localize(linkName, file, visibility);
    classPath.add(linkName);
  }

  /**
   * Adds the framework archive ({@link FrameworkArchive}) under {@code linkName}, unpacked by the
   * NodeManager; its jars go on the class path with {@link #addFrameworkJarInArchive}.
   */
  void addFrameworkArchive(String linkName, FileStatus file, LocalResourceVisibility visibility) {
    localize(linkName, file, visibility, LocalResourceType.ARCHIVE);
  }

  /** Puts {@code jarName} of the archive linked as {@code linkName} on the class path, in call order. */
  void addFrameworkJarInArchive(String linkName, String jarName) {
    classPath.add(linkName + "/" + jarName);
  }

  /** Adds one of the AM's own per-application files, carried in its credentials ({@link io.spindle.am.LaunchFiles}). */
  void addLaunchFile(String name, byte[] content) {
    launchFiles.put(name, content.clone());
  }

  /** What the AM localizes again for its executor containers (everything so far, same cache entries). */
  io.spindle.am.ExecutorResources executorResources() {
    return new io.spindle.am.ExecutorResources(resources, classPath);
  }

  /** {@code extraJavaOptions}: spindle.driver.extraJavaOptions, after the defaults. */
  ContainerLaunchContext build(long heapMiB, String javaHome, List<String> extraJavaOptions, byte[] secret)
      throws IOException {
    return build(heapMiB, javaHome, extraJavaOptions, secret, new Credentials());
  }

  /** As above, with {@code tokens} (the delegation tokens of a secured cluster) beside the secret. */
  ContainerLaunchContext build(long heapMiB, String javaHome, List<String> extraJavaOptions, byte[] secret,
      Credentials tokens) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(userEnvironment); // Spindle's own below: they never clash
    StringBuilder cp = new StringBuilder(Environment.PWD.$$());
    for (String jar : classPath) {
      cp.append(ApplicationConstants.CLASS_PATH_SEPARATOR).append(Environment.PWD.$$()).append('/').append(jar);
    }
    env.put(Environment.CLASSPATH.name(), cp.toString());
    if (!UserGroupInformation.isSecurityEnabled()) {
      // Without Kerberos the container would reach HDFS as the NodeManager's user.
      env.put("HADOOP_USER_NAME", UserGroupInformation.getCurrentUser().getShortUserName());
    }
    String home = javaHome != null ? javaHome : Environment.JAVA_HOME.$$();
    List<String> command = new ArrayList<>(List.of(home + "/bin/java", "-Xmx" + heapMiB + "m",
        "-Djava.io.tmpdir=" + Environment.PWD.$$() + "/tmp"));
    boolean runsTasks = taskThreads > 0;
    command.addAll(runsTasks || encryptsRpc ? io.spindle.am.JvmOptions.EXECUTOR_DEFAULTS
        : io.spindle.am.JvmOptions.AM_DEFAULTS);
    // The AM writes its archive after its first successful run on a node, later AMs there map it
    // (one per role: the two option sets load different classes; no '-' in a role, whose archives
    // ClassDataArchive prunes by the name's prefix up to the digest).
    ContainerClassDataSharing.CommandParts cds = ContainerClassDataSharing.commandParts(classDataSharing,
        runsTasks ? "amtasks" : "am", home, classPath, resources, extraJavaOptions);
    command.addAll(cds.options());
    // After the defaults: the user's win.
    command.addAll(runsTasks ? io.spindle.am.JvmOptions.taskRunnerOptions(extraJavaOptions, heapMiB, taskThreads)
        : extraJavaOptions);
    command.addAll(cds.classPath()); // the same jars as CLASSPATH above, at paths an archive can record
    command.addAll(List.of(ApplicationMaster.class.getName(),
        "1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout",
        "2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr"));

    Credentials credentials = new Credentials(tokens);
    AppSecret.addTo(credentials, secret);
    launchFiles.forEach((name, content) -> io.spindle.am.LaunchFiles.add(credentials, name, content));
    DataOutputBuffer serialized = new DataOutputBuffer();
    credentials.writeTokenStorageToStream(serialized);
    return ContainerLaunchContext.newInstance(resources, env, List.of(String.join(" ", command)),
        null, ByteBuffer.wrap(serialized.getData(), 0, serialized.getLength()), null);
  }
}
