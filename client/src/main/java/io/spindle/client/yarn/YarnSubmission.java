package io.spindle.client.yarn;

import io.spindle.SpindleConf;
import io.spindle.am.AmLaunchSpec;
import io.spindle.am.AppSecret;
import io.spindle.am.YarnConfigs;
import io.spindle.client.SubmitArguments;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Uploads what the ApplicationMaster needs and submits it: framework jars to the cache (once),
 * the application jar, --jars, --files, the launch spec and the Hadoop configuration to the
 * application's staging dir; then the submission context (name, queue, tags, attempts, AM
 * resource = driver memory + overhead, driver cores).
 */
final class YarnSubmission {
  private final SubmitArguments args;
  private final Map<String, String> conf;
  private final YarnConfiguration hadoopConf;
  private final List<Path> frameworkJars;
  private final PrintStream out;
  private final SubmitTimeline timeline;

  YarnSubmission(SubmitArguments args, Map<String, String> conf, YarnConfiguration hadoopConf,
      List<Path> frameworkJars, PrintStream out, SubmitTimeline timeline) {
    this.args = args;
    this.conf = conf;
    this.hadoopConf = hadoopConf;
    this.frameworkJars = frameworkJars;
    this.out = out;
    this.timeline = timeline;
  }

  /** Submits; the staging dir is removed again if anything fails before the RM accepted the application. */
  ApplicationId submit(YarnClient yarn) throws Exception {
    SpindleConf parsed = new SpindleConf(false);
    conf.forEach(parsed::set);
    long[] memory = io.spindle.am.ContainerSizes.amMemoryMiB(parsed);
    int cores = parsed.get(YarnConfigs.DRIVER_CORES);

    YarnClientApplication app = yarn.createApplication();
    // Before anything is staged: containers larger than the cluster's largest would be refused (the
    // AM's) or fail the AM (the executors').
    org.apache.hadoop.yarn.api.records.Resource max = app.getNewApplicationResponse().getMaximumResourceCapability();
    io.spindle.am.ContainerSizes.checkFits(parsed, max.getMemorySize(), max.getVirtualCores());
    ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
    ApplicationId appId = ctx.getApplicationId();
    FileSystem fs = FileSystem.get(hadoopConf);
    CacheRetention retention = CacheRetention.of(parsed);
    StagingDir staging = StagingDir.create(fs, conf, appId.toString());
    JarCache jarCache;
    UserFileCache userFiles;
    try {
      AmContainer am = new AmContainer();
      JarDigests digests = JarDigests.inUserHome();
      jarCache = shipFrameworkJars(fs, am, digests);
      timeline.mark("frameworkJarsCached");
      // The files every container gets besides the framework jars: PRIVATE, from the user's own cache
      // (UserFileCache says why); --files and --archives are staged for this application.
      userFiles = new UserFileCache(fs, UserFileCache.dirFor(staging.path().getParent(),
          org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getShortUserName()), digests);
      List<String> userJars = new ArrayList<>();
      AmLaunchSpec spec;
      try (ParallelUploads uploads = new ParallelUploads()) {
        uploads.add(AmLaunchSpec.APP_JAR, LocalResourceVisibility.PRIVATE,
            () -> userFiles.put(Paths.get(args.appJar()), AmLaunchSpec.APP_JAR));
        for (String jar : args.yarn().jars()) {
          String name = "__user__" + userJars.size() + "_" + Paths.get(jar).getFileName();
          uploads.add(name, LocalResourceVisibility.PRIVATE, () -> userFiles.put(Paths.get(jar), name));
          userJars.add(name);
        }
        for (DistributedFile file : distributedFiles(userJars)) {
          if (file.local()) {
            uploads.add(file.linkName(), file.type(),
                () -> staging.upload(Paths.get(file.source()), file.stagedName()));
          } else { // already in a cluster filesystem: localized from where it is
            org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(file.source());
            uploads.add(file.linkName(), file.type(), () -> remote.getFileSystem(hadoopConf).getFileStatus(remote));
          }
        }
        Path log4j = spindleHome() == null ? null : Paths.get(spindleHome(), "conf", "log4j.properties");
        if (log4j != null && Files.isRegularFile(log4j)) {
          uploads.add("log4j.properties", LocalResourceVisibility.PRIVATE,
              () -> userFiles.put(log4j, "log4j.properties"));
        }
        // One copy per name: a NodeManager links each localized file under one name only.
        java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
        hadoopConf.writeXml(xml);
        byte[] xmlBytes = xml.toByteArray();
        for (String name : AmLaunchSpec.HADOOP_CONF_NAMES) {
          uploads.add(name, LocalResourceVisibility.PRIVATE, () -> userFiles.put(xmlBytes, name));
        }
        uploads.localizeAll(am);
      }
      digests.save();
      // The AM's own files, which change with every application, go in its credentials (LaunchFiles);
      // the executors' list names everything localized above.
      am.addLaunchFile(io.spindle.am.ExecutorResources.FILE_NAME, bytesOf(am.executorResources()::write));
      spec = new AmLaunchSpec(args.mainClass(), AmLaunchSpec.APP_JAR, userJars, args.appArgs(),
          staging.path().toString(), conf);
      am.addLaunchFile(AmLaunchSpec.FILE_NAME, bytesOf(spec::write));
      // After the executors' list: the keytab is the AM's alone.
      SecureSubmission.shipKeytab(conf, staging, am);
      // Last before submitting (as Spark): the uploads may take long, and tokens start ageing when obtained.
      org.apache.hadoop.security.Credentials tokens = SecureSubmission.tokens(hadoopConf, conf,
          staging.path().toString(), out);

      // As spark-submit: --name, else spindle.app.name, else the main class.
      String name = conf.get(io.spindle.config.SpindleConfigs.APP_NAME.key());
      ctx.setApplicationName(name != null ? name : args.mainClass());
      ctx.setApplicationType("SPINDLE");
      ctx.setQueue(parsed.get(YarnConfigs.QUEUE));
      Integer attempts = parsed.get(YarnConfigs.MAX_APP_ATTEMPTS);
      if (attempts != null) {
        ctx.setMaxAppAttempts(attempts);
      }
      Long validity = parsed.get(YarnConfigs.AM_ATTEMPT_FAILURES_VALIDITY_INTERVAL);
      if (validity != null && validity > 0) {
        ctx.setAttemptFailuresValidityInterval(validity);
      }
      Integer priority = parsed.get(YarnConfigs.PRIORITY);
      if (priority != null) {
        ctx.setPriority(org.apache.hadoop.yarn.api.records.Priority.newInstance(priority));
      }
      String tags = parsed.get(YarnConfigs.TAGS);
      if (tags != null && !tags.isBlank()) {
        ctx.setApplicationTags(new LinkedHashSet<>(List.of(tags.split("\\s*,\\s*"))));
      }
      Resource amResource = Resource.newInstance(memory[1], cores);
      ctx.setResource(amResource);
      String amLabel = parsed.get(YarnConfigs.AM_NODE_LABEL_EXPRESSION);
      if (amLabel != null && !amLabel.isBlank()) { // as Spark: the AM's own request, carrying the label
        org.apache.hadoop.yarn.api.records.ResourceRequest amRequest = org.apache.hadoop.yarn.api.records.ResourceRequest
            .newInstance(org.apache.hadoop.yarn.api.records.Priority.newInstance(0),
                org.apache.hadoop.yarn.api.records.ResourceRequest.ANY, amResource, 1);
        amRequest.setNodeLabelExpression(amLabel.trim());
        ctx.setAMContainerResourceRequests(List.of(amRequest));
      }
      timeline.mark("staged");
      am.classDataSharing(parsed.get(YarnConfigs.CLASS_DATA_SHARING));
      am.userEnvironment(io.spindle.am.ContainerEnvironment.forAm(parsed));
      am.jvmFor(parsed);
      ctx.setAMContainerSpec(am.build(memory[0], parsed.get(YarnConfigs.JAVA_HOME), AmContainer.javaOptions(parsed),
          AppSecret.create(), tokens));
      yarn.submitApplication(ctx);
    } catch (Exception | Error e) {
      StagingDir.remove(fs, staging.path());
      throw e;
    }
    // After the submission, so that it does not wait for this; the files this application ships are kept.
    String unused = " file(s) unused for over " + conf.getOrDefault(YarnConfigs.CACHE_MAX_UNUSED_AGE.key(),
        YarnConfigs.CACHE_MAX_UNUSED_AGE.defaultValue()) + " from the ";
    String key = " (" + YarnConfigs.CACHE_MAX_UNUSED_AGE.key() + ")";
    removeAfterSubmission(() -> jarCache.removeUnused(retention),
        n -> "Removed " + n + unused + "jar cache " + jarCache.dir() + key, "unused files from the jar cache " + jarCache.dir());
    removeAfterSubmission(() -> userFiles.removeUnused(retention),
        n -> "Removed " + n + unused + "file cache " + userFiles.dir() + key, "unused files from the file cache " + userFiles.dir());
    org.apache.hadoop.fs.Path stagingBase = staging.path().getParent();
    removeAfterSubmission(
        () -> StagingLeftovers.sweep(fs, stagingBase, userFiles.dir(), appId, id -> stateOf(yarn, id), retention),
        n -> "Removed the staging dirs of " + n + " ended application(s) from " + stagingBase,
        "the staging dirs of ended applications from " + stagingBase);
    return appId;
  }

  /** The application's state at the ResourceManager; null if it does not know the application. */
  private static org.apache.hadoop.yarn.api.records.YarnApplicationState stateOf(YarnClient yarn, ApplicationId app)
      throws IOException {
    try {
      return yarn.getApplicationReport(app).getYarnApplicationState();
    } catch (org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException e) {
      return null;
    } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
      throw new IOException(e);
    }
  }

  private interface RemovalPass {
    int run() throws IOException;
  }

  /**
   * One removal pass after the submission (each runs at most once a day): says what it removed; a
   * failure is only a warning, the application is submitted already.
   */
  private void removeAfterSubmission(RemovalPass pass, java.util.function.IntFunction<String> removed, String what) {
    try {
      int n = pass.run();
      if (n > 0) {
        out.println(removed.apply(n));
      }
    } catch (IOException e) {
      out.println("spindle-submit: warning: could not remove " + what + ": " + e);
    }
  }

  /** --files and --archives, refused if two would get the same name as each other or as a file Spindle ships. */
  private List<DistributedFile> distributedFiles(List<String> userJars) throws SubmitArguments.UsageException {
    List<String> taken = new ArrayList<>(userJars);
    taken.addAll(shippedNames());
    for (Path jar : frameworkJars) {
      taken.add(jar.getFileName().toString());
    }
    return DistributedFile.parseAll(args.yarn().files(), args.yarn().archives(), taken);
  }

  /** Names of the files every Spindle container's working dir holds (besides the jars). */
  static List<String> shippedNames() {
    List<String> names = new ArrayList<>(List.of(AmLaunchSpec.APP_JAR, AmLaunchSpec.FILE_NAME, FrameworkArchive.LINK,
        io.spindle.am.ExecutorResources.FILE_NAME, "log4j.properties", AmLaunchSpec.KEYTAB_FILE));
    names.addAll(AmLaunchSpec.HADOOP_CONF_NAMES);
    return names;
  }

  private static byte[] bytesOf(StagingDir.IoConsumer<java.io.OutputStream> writer) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    writer.accept(out);
    return out.toByteArray();
  }

  private JarCache shipFrameworkJars(FileSystem fs, AmContainer am, JarDigests digests) throws IOException {
    JarCache cache = new JarCache(fs, StagingDir.defaultCacheDir(fs, conf), digests);
    List<Path> archived = frameworkJars.stream().filter(FrameworkArchive::holds).toList();
    boolean oneArchive = archived.size() > 1; // else each jar on its own, as Spindle's
    int uploaded = 0;
    int cached = 0;
    List<String> notPublic = new ArrayList<>();
    if (oneArchive) {
      int uploadsBefore = cache.uploads();
      FileStatus archive = cache.putArchive(archived);
      am.addFrameworkArchive(FrameworkArchive.LINK, archive, visibility(cache, archive, notPublic));
      if (cache.uploads() > uploadsBefore) {
        uploaded += archived.size();
      } else {
        cached += archived.size();
      }
    }
    for (Path jar : frameworkJars) { // class path order as given
      if (oneArchive && FrameworkArchive.holds(jar)) {
        am.addFrameworkJarInArchive(FrameworkArchive.LINK, jar.getFileName().toString());
        continue;
      }
      int uploadsBefore = cache.uploads();
      FileStatus single = cache.put(jar);
      am.addFrameworkJar(jar.getFileName().toString(), single, visibility(cache, single, notPublic));
      if (cache.uploads() > uploadsBefore) {
        uploaded++;
      } else {
        cached++;
      }
    }
    if (!notPublic.isEmpty()) {
      out.println("spindle-submit: warning: framework jars are localized PRIVATE (once per user and node)"
          + " instead of PUBLIC, because " + notPublic.get(0) + " (PUBLIC needs o+r on the jars and o+x on every"
          + " parent dir; see spindle.yarn.cacheDir)");
    }
    out.println("Framework jars: " + frameworkJars.size() + " in " + cache.dir() + " (" + (oneArchive ? archived.size() : 0)
        + " of them in one archive), " + uploaded + " uploaded, " + cached + " already cached");
    return cache;
  }

  /** PUBLIC if NodeManagers may localize {@code file} so, else PRIVATE, with the reason added to {@code notPublic}. */
  private static LocalResourceVisibility visibility(JarCache cache, FileStatus file, List<String> notPublic)
      throws IOException {
    String whyNot = cache.whyNotPublic(file);
    if (whyNot == null) {
      return LocalResourceVisibility.PUBLIC;
    }
    notPublic.add(whyNot);
    return LocalResourceVisibility.PRIVATE;
  }

  private static String spindleHome() {
    return System.getProperty("spindle.home");
  }
}
