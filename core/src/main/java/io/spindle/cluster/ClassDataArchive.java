package io.spindle.cluster;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.spindle.shuffle.format.LocalFiles;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.management.ObjectName;

/**
 * The container side of class-data sharing on YARN (the command side is the AM's
 * {@code ContainerClassDataSharing}, which says how the archive is chosen): a container JVM
 * started with {@code -Dspindle.cds.archive=<file>} either records (it runs with
 * {@code -XX:+RecordDynamicDumpInfo} because there was no archive yet) and writes the archive at
 * its orderly end, or maps it (it runs with {@code -XX:SharedArchiveFile=<file>}) and checks, at its
 * orderly end, that the archive still belongs to its class path.
 *
 * <p>Why at the end: the archive holds the classes loaded (and linked) when it is written, and at
 * the end that is everything the job needed, task code included. Why in-process: containers are
 * killed when their application ends, so {@code -XX:ArchiveClassesAtExit} (which needs an orderly
 * JVM exit of 1-3 s) would rarely finish; JDK 17's {@code VM.cds dynamic_dump} diagnostic command
 * writes it from the running JVM in a few hundred ms, once per node and class path.
 *
 * <p>Why the check: the JVM validates a mapped archive itself (each class path entry's path, size
 * and mtime; the JDK's build) and silently runs without it when it does not match, for instance
 * after the NodeManager localized a jar again under a new path. Nothing would then write a fresh
 * one, so a container that finds the fingerprint written beside the archive different from its own
 * deletes both: the next container on the node records again.
 */
public final class ClassDataArchive {
  /** The system property naming this container's archive. */
  public static final String ARCHIVE_PROPERTY = "spindle.cds.archive";
  /** Beside the archive: the fingerprint of the JVM and class path that wrote it. */
  static final String FINGERPRINT_SUFFIX = ".classpath";
  /** Archives of one role kept in a node's directory. */
  static final int KEPT = 3;

  private ClassDataArchive() {}

  /**
   * At a container's orderly end: writes the archive if this JVM records, deletes it if it no longer
   * matches this JVM's class path. Never throws: class-data sharing only makes start-up faster.
   *
   * @return what was done, for the container's log, or null if nothing was to be done
   */
  public static String atOrderlyEnd() {
    String archive = System.getProperty(ARCHIVE_PROPERTY);
    if (archive == null || archive.isBlank()) {
      return null;
    }
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (Boolean.parseBoolean(vm.getVMOption("RecordDynamicDumpInfo").getValue())) {
        return write(Path.of(archive));
      }
      if (archive.equals(vm.getVMOption("SharedArchiveFile").getValue())) {
        return checkStillMatches(Path.of(archive));
      }
      return null;
    } catch (Exception | LinkageError e) {
      return "Class-data sharing archive " + archive + " not written or checked: " + e;
    }
  }

  private static String write(Path archive) throws Exception {
    long start = System.nanoTime();
    Path dir = archive.toAbsolutePath().getParent();
    if (dir.getParent() == null || dir.getParent().getParent() == null) { // no per-user dir given: not in "/"
      return null;
    }
    if (!Files.isDirectory(dir)) {
      // Private to the container's user: only their own containers map what their containers wrote.
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    removeAbandonedTempFiles(dir);
    String unique = "." + ProcessHandle.current().pid() + ".tmp";
    Path tmpArchive = dir.resolve(archive.getFileName() + unique);
    Path tmpFingerprint = dir.resolve(archive.getFileName() + FINGERPRINT_SUFFIX + unique);
    int linked;
    try {
      linked = linkLoadedClasses();
      diagnosticCommand("vmCds", "dynamic_dump", tmpArchive.toString());
      if (!Files.isRegularFile(tmpArchive) || Files.size(tmpArchive) == 0) {
        return "Class-data sharing archive " + archive + " not written: the JVM wrote nothing";
      }
      Files.writeString(tmpFingerprint, fingerprint(), StandardCharsets.UTF_8);
      // Fingerprint first: an archive without one is taken for stale and deleted by the next check.
      LocalFiles.moveIntoPlace(tmpFingerprint, Path.of(archive + FINGERPRINT_SUFFIX));
      LocalFiles.moveIntoPlace(tmpArchive, archive);
    } finally {
      Files.deleteIfExists(tmpArchive);
      Files.deleteIfExists(tmpFingerprint);
    }
    int removed = removeOlderArchives(archive);
    return "Wrote the class-data sharing archive " + archive + " (" + Files.size(archive) / 1024 + " KiB, "
        + linked + " classes linked for it) in " + (System.nanoTime() - start) / 1_000_000
        + " ms; later containers on this node map it"
        + (removed > 0 ? "; removed " + removed + " older one(s)" : "");
  }

  /** How old a temp file of a dump must be to count as abandoned. */
  static final long ABANDONED_AFTER_MS = 60 * 60_000L;

  /**
   * Deletes the temp files of dumps that never finished: a recording container is killed when its
   * driver stops waiting for it (the driver waits {@code ClusterBackend}'s few seconds for executors
   * to close), possibly in the middle of its dump, and each such file is tens of MB in the user's
   * NodeManager dir, which outlives applications. Old ones only: another container may be writing.
   */
  private static void removeAbandonedTempFiles(Path dir) throws IOException {
    long before = System.currentTimeMillis() - ABANDONED_AFTER_MS;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
        if (f.toFile().lastModified() < before) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /**
   * Links every class of the application class loader's view that this JVM has loaded, so that the
   * archive can hold it: JDK 17's {@code VM.cds dynamic_dump} leaves out each loaded class that is
   * not linked yet ("Skipping …: Not linked" in {@code -Xlog:cds}), and a JVM loads many without
   * linking them: the verifier loads the classes it checks assignments against (exception types,
   * interfaces), reflection and protobuf descriptors load nested classes. Measured in an executor of
   * the issue-6 WordCount: 923 classes left out that way (and ~470 more that refer to them), a quarter of
   * what later containers then parse and verify from the jars again. Reflection links a class
   * ({@code getDeclaredConstructors}) without initializing it, so no static initializer runs.
   *
   * @return how many classes were looked at (the JVM does not tell which were unlinked)
   */
  static int linkLoadedClasses() throws Exception {
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    int count = 0;
    for (String name : loadedClassNames(diagnosticCommand("vmClassHierarchy"))) {
      try {
        Class.forName(name, false, loader).getDeclaredConstructors();
        count++;
      } catch (ClassNotFoundException | LinkageError | SecurityException e) {
        // Another loader's class, or one whose verification fails: not archived, as before.
      }
    }
    return count;
  }

  /**
   * The class names in the output of {@code VM.class_hierarchy}: one class per line, indented by
   * its depth, {@code |  |--java.util.AbstractList/null} ({@code <name>/<loader>}, then
   * {@code  (intf)} for an interface; the first line is {@code java.lang.Object/null}). Hidden
   * classes (lambda proxies, {@code <name>/<address>/<loader>}) cannot be looked up by name: left out.
   */
  static java.util.List<String> loadedClassNames(String hierarchy) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (String line : hierarchy.split("\n")) {
      int branch = line.lastIndexOf("|--");
      String entry = (branch < 0 ? line : line.substring(branch + 3)).trim();
      int space = entry.indexOf(' ');
      String[] parts = (space < 0 ? entry : entry.substring(0, space)).split("/");
      if (parts.length == 2 && !parts[0].isEmpty()) {
        names.add(parts[0]);
      }
    }
    return names;
  }

  /** Runs a HotSpot diagnostic command (jcmd's, by its MBean operation name) in this JVM; its output. */
  private static String diagnosticCommand(String operation, String... arguments) throws Exception {
    Object out = ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), operation, new Object[] {arguments},
        new String[] {String[].class.getName()});
    return out == null ? "" : out.toString();
  }

  /**
   * Every application jar (or Spindle or JDK) version makes a new archive of ~30-60 MB on each node:
   * of the archives of {@code archive}'s role (the name up to its last '-': {@code <role>-<digest>.jsa})
   * the {@link #KEPT} most recently written stay, enough for a few applications taking turns.
   */
  private static int removeOlderArchives(Path archive) throws IOException {
    String name = archive.getFileName().toString();
    String prefix = name.substring(0, name.lastIndexOf('-') + 1);
    java.util.List<Path> same;
    try (java.util.stream.Stream<Path> files = Files.list(archive.getParent())) {
      same = files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".jsa"))
          .sorted(java.util.Comparator.comparingLong((Path f) -> f.toFile().lastModified()).reversed()).toList();
    }
    int removed = 0;
    for (Path old : same.subList(Math.min(KEPT, same.size()), same.size())) {
      if (!old.equals(archive)) {
        Files.deleteIfExists(Path.of(old + FINGERPRINT_SUFFIX));
        removed += Files.deleteIfExists(old) ? 1 : 0;
      }
    }
    return removed;
  }

  private static String checkStillMatches(Path archive) throws IOException {
    Path fingerprintFile = Path.of(archive + FINGERPRINT_SUFFIX);
    String written = Files.isRegularFile(fingerprintFile) ? Files.readString(fingerprintFile, StandardCharsets.UTF_8)
        : null;
    if (fingerprint().equals(written)) {
      return null;
    }
    Files.deleteIfExists(archive);
    Files.deleteIfExists(fingerprintFile);
    return "Deleted the class-data sharing archive " + archive + ": it was written for another class path or JVM; "
        + "the next container on this node writes a new one";
  }

  /**
   * What the JVM checks before it maps a dynamic archive: its own build, and every class path
   * entry's path, size and modification time.
   */
  static String fingerprint() {
    StringBuilder s = new StringBuilder();
    s.append("java.home=").append(System.getProperty("java.home")).append('\n');
    s.append("java.vm.version=").append(System.getProperty("java.vm.version")).append('\n');
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      File f = new File(entry);
      if (f.isFile()) { // not the container's working dir: a new one each time, and the JVM does not check it
        s.append(entry).append(' ').append(f.length()).append(' ').append(f.lastModified()).append('\n');
      }
    }
    return s.toString();
  }
}
