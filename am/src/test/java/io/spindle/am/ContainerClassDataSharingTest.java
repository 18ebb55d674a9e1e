package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.cluster.ClassDataArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container command's class-data sharing, run for real: the command parts go through a launch
 * script written the way a NodeManager writes it ({@code exec /bin/bash -c "<command>"} in the
 * container's working dir, whose jars are symlinks into a "filecache"), with the JDK running this
 * test. The first container records and writes the archive at its orderly end, the next one (a new
 * working dir, the first one deleted) maps it, and after a jar changed the archive is deleted.
 */
class ContainerClassDataSharingTest {
  @TempDir
  Path dir;

  @Test
  void theFirstContainerWritesTheArchiveTheNextMapsItAndAChangedJarRetiresIt() throws Exception {
    Path filecache = Files.createDirectories(dir.resolve("nm-local/filecache"));
    Path probeJar = jar(filecache.resolve("11/probe.jar"), ClassDataSharingProbe.class,
        ClassDataSharingProbe.LoadedOnly.class, ClassDataArchive.class, io.spindle.shuffle.format.LocalFiles.class);
    // The second jar inside an archive the NodeManager unpacked into a directory, linked as "libs".
    jar(filecache.resolve("12/libs.zip/other.jar"), ClassDataSharingProbe.Other.class);
    Path userDir = Files.createDirectories(dir.resolve("nm-local/usercache/alice"));
    List<String> links = List.of("probe.jar", "libs/other.jar");
    String javaHome = System.getProperty("java.home");
    String name = ContainerClassDataSharing.archiveName("executor", javaHome, links, Map.of());
    Path archive = userDir.resolve(ContainerClassDataSharing.DIR).resolve(name);

    Run first = launch("container_01", filecache, userDir, links, javaHome, name, null);
    assertTrue(first.out.contains("at the end: Wrote the class-data sharing archive " + archive), first.out);
    assertTrue(Files.size(archive) > 0 && Files.isRegularFile(Path.of(archive + ".classpath")));
    // The class path names the localized files, not the container's links, and the working dir last.
    assertTrue(first.out.contains("class path: " + filecache.resolve("11/probe.jar").toRealPath() + ":"
        + filecache.resolve("12/libs.zip/other.jar").toRealPath() + ":" + first.workDir), first.out);
    // ... through an argument file: the JVM's command line does not carry the class path (ps, tools).
    assertTrue(first.out.contains("@" + first.workDir + "/spindle-classpath.args ")
        && !first.out.lines().filter(l -> l.startsWith("command line: ")).findFirst().orElseThrow().contains("probe.jar"),
        first.out);
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(archive.getParent())), "private to the user");

    deleteTree(first.workDir); // as the NodeManager does when the application ends
    Path classLoadLog = dir.resolve("class-load.txt");
    Run second = launch("container_02", filecache, userDir, links, javaHome, name, classLoadLog);
    assertTrue(second.out.contains("at the end: null"), "maps it and leaves it: " + second.out);
    String loads = Files.readString(classLoadLog);
    assertTrue(loads.contains("io.spindle.am.ClassDataSharingProbe source: shared objects file (top)"), loads);
    assertTrue(loads.contains("io.spindle.am.ClassDataSharingProbe$Other source: shared objects file (top)"), loads);
    // ... and so does a class the recording JVM loaded without linking it (JDK 17's dump leaves such out).
    assertTrue(loads.contains("io.spindle.am.ClassDataSharingProbe$LoadedOnly source: shared objects file (top)"), loads);

    // The NodeManager localized a jar again (here: its mtime changed): the JVM cannot use the archive
    // any more and runs without it; the container's orderly end deletes it so that the next records.
    Files.setLastModifiedTime(probeJar, FileTime.fromMillis(Files.getLastModifiedTime(probeJar).toMillis() - 60_000));
    Run third = launch("container_03", filecache, userDir, links, javaHome, name, classLoadLog);
    assertTrue(third.out.contains("at the end: Deleted the class-data sharing archive " + archive), third.out);
    assertFalse(Files.exists(archive) || Files.exists(Path.of(archive + ".classpath")));
    assertFalse(Files.readString(classLoadLog).contains("shared objects file (top)"), "not mapped after the change");
    // What recording containers killed in the middle of their dumps left, an hour ago and just now.
    Path abandoned = archive.getParent().resolve(name + ".4242.tmp");
    Path recent = archive.getParent().resolve("am-0.jsa.4343.tmp");
    Files.writeString(abandoned, "half an archive");
    Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis() - 61 * 60_000L));
    Files.writeString(recent, "being written");
    Run fourth = launch("container_04", filecache, userDir, links, javaHome, name, null);
    assertTrue(fourth.out.contains("at the end: Wrote"), fourth.out);
    assertFalse(Files.exists(abandoned), "an abandoned dump's temp file is removed");
    assertTrue(Files.exists(recent), "a dump that may still be being written is left alone");
  }

  @Test
  void theArchiveNameFollowsEveryJarsIdentityAndTheJavaHome() {
    List<String> links = List.of("a.jar", "__app__.jar");
    Map<String, LocalResource> files = Map.of("a.jar", resource("hdfs://nn/c/1-a.jar", 10, 100),
        "__app__.jar", resource("hdfs://nn/s/app.jar", 20, 200));
    String name = ContainerClassDataSharing.archiveName("executor", "$JAVA_HOME", links, files);
    assertTrue(name.matches("executor-[0-9a-f]{24}\\.jsa"), name);
    assertEquals(name, ContainerClassDataSharing.archiveName("executor", "$JAVA_HOME", links,
        Map.of("a.jar", resource("hdfs://nn/c/1-a.jar", 10, 100), "__app__.jar", resource("hdfs://nn/s/app.jar", 20, 200))));
    assertNotEquals(name, ContainerClassDataSharing.archiveName("executor", "$JAVA_HOME", links,
        Map.of("a.jar", resource("hdfs://nn/c/1-a.jar", 10, 100), "__app__.jar", resource("hdfs://nn/s/app.jar", 20, 201))),
        "a new application jar");
    assertNotEquals(name, ContainerClassDataSharing.archiveName("executor", "/opt/jdk21", links, files));
    assertNotEquals(name, ContainerClassDataSharing.archiveName("executor", "$JAVA_HOME", List.of("__app__.jar", "a.jar"),
        files), "class path order");
    assertTrue(ContainerClassDataSharing.archiveName("am", "$JAVA_HOME", links, files).startsWith("am-"));

    // A jar inside the framework archive: the archive's identity counts.
    List<String> inArchive = List.of("__spindle_libs__/netty.jar", "spindle-core.jar");
    String withArchive = ContainerClassDataSharing.archiveName("executor", "$JAVA_HOME", inArchive,
        Map.of("__spindle_libs__", resource("hdfs://nn/c/ab.zip", 10, 100), "spindle-core.jar", resource("hdfs://nn/c/1.jar", 1, 1)));
    assertNotEquals(withArchive, ContainerClassDataSharing.archiveName("executor", "$JAVA_HOME", inArchive,
        Map.of("__spindle_libs__", resource("hdfs://nn/c/cd.zip", 10, 100), "spindle-core.jar", resource("hdfs://nn/c/1.jar", 1, 1))),
        "a new framework archive");
  }

  @Test
  void theUsersOwnSharingOptionsAJarNameTheScriptWouldQuoteOrTheSwitchTurnItOff() {
    List<String> links = List.of("spindle-core.jar", "__app__.jar");
    assertTrue(ContainerClassDataSharing.applies(true, links, List.of("-Dx=1", "-XX:+UseSerialGC")));
    assertFalse(ContainerClassDataSharing.applies(false, links, List.of()));
    assertTrue(ContainerClassDataSharing.applies(true, List.of("__spindle_libs__/netty-all-4.1.jar"), List.of()));
    assertFalse(ContainerClassDataSharing.applies(true, List.of("my app.jar"), List.of()));
    assertFalse(ContainerClassDataSharing.applies(true, List.of("a/b/c.jar"), List.of()));
    assertFalse(ContainerClassDataSharing.applies(true, List.of("a$(x).jar"), List.of()));
    for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:ArchiveClassesAtExit=/x.jsa",
        "-XX:+RecordDynamicDumpInfo")) {
      assertFalse(ContainerClassDataSharing.applies(true, links, List.of(own)), own);
    }
  }

  @Test
  void anExecutorCommandCarriesTheChoiceAndTheResolvedClassPathOnlyWhenOn() {
    ExecutorResources resources = new ExecutorResources(Map.of("spindle-core.jar",
        resource("hdfs://nn/c/1-spindle-core.jar", 10, 100)), List.of("spindle-core.jar"));
    String on = new ExecutorContainerSpec(resources, List.of("__app__.jar"), null, 512, 1,
        "io.spindle.executor.remote.ExecutorMain", "application_1_0001", new byte[] {1}, List.of(), true)
        .build("1", "node1", "am:4000").getCommands().get(0);
    assertTrue(on.contains("-XX:SharedArchiveFile=${LOCAL_USER_DIRS%%,*}/spindle-cds/executor-")
        && on.contains("-XX:+RecordDynamicDumpInfo") && on.contains("readlink -f spindle-core.jar __app__.jar ")
        && on.contains("-Dspindle.cds.archive="), on);
    assertTrue(on.indexOf("> {{PWD}}/spindle-classpath.args && echo @{{PWD}}/spindle-classpath.args")
        < on.indexOf(" io.spindle.executor.remote.ExecutorMain"), "an argument file before the main class: " + on);
    String off = new ExecutorContainerSpec(resources, List.of("__app__.jar"), null, 512, 1,
        "io.spindle.executor.remote.ExecutorMain", "application_1_0001", new byte[] {1}, List.of(), false)
        .build("1", "node1", "am:4000").getCommands().get(0);
    assertFalse(off.contains("cds") || off.contains("classpath.args") || off.contains("Shared"), off);
    assertTrue(off.startsWith("{{JAVA_HOME}}/bin/java "), off);
  }

  private record Run(Path workDir, String out) {}

  /**
   * A container: its working dir with links into {@code filecache}, and a launch script as a
   * NodeManager writes it (exports, cd, {@code exec /bin/bash -c "<command>"}).
   */
  private Run launch(String container, Path filecache, Path userDir, List<String> links, String javaHome,
      String archiveName, Path classLoadLog) throws Exception {
    Path work = Files.createDirectories(dir.resolve("nm-local/appcache/" + container));
    for (String entry : links) { // "x.jar": a link to the file; "dir/x.jar": a link to the unpacked archive
      String link = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
      String target = entry.contains("/") ? link + ".zip" : entry;
      try (Stream<Path> found = Files.walk(filecache)) {
        Files.createSymbolicLink(work.resolve(link), found.filter(p -> p.getFileName().toString().equals(target))
            .findFirst().orElseThrow());
      }
    }
    Files.writeString(work.resolve("core-site.xml"), "<configuration/>"); // the working dir is not empty
    List<String> command = new ArrayList<>(List.of(javaHome + "/bin/java", "-Xshare:auto"));
    command.addAll(ContainerClassDataSharing.jvmOptions(javaHome, archiveName));
    if (classLoadLog != null) {
      command.add("-Xlog:class+load=info:file=" + classLoadLog);
    }
    command.add(ContainerClassDataSharing.classPathArgument(links));
    command.add(ClassDataSharingProbe.class.getName());
    String expanded = String.join(" ", command).replace("{{", "$").replace("}}", ""); // the NodeManager's expansion
    Path script = work.resolve("launch_container.sh");
    Files.writeString(script, "#!/bin/bash\n\nexport LOCAL_USER_DIRS=\"" + userDir + "/," + dir.resolve("other-disk")
        + "/usercache/alice/\"\ncd \"" + work + "\"\nexec /bin/bash -c \"" + expanded + "\"\n");
    Process p = new ProcessBuilder("/bin/bash", script.toString()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the container JVM ends");
    assertEquals(0, p.exitValue(), out);
    return new Run(work, out);
  }

  private static Path jar(Path file, Class<?>... classes) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Class<?> c : classes) {
        String entry = c.getName().replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(jar);
        }
        jar.closeEntry();
      }
    }
    return file;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static LocalResource resource(String url, long size, long timestamp) {
    return LocalResource.newInstance(URL.fromPath(new org.apache.hadoop.fs.Path(url)), LocalResourceType.FILE,
        LocalResourceVisibility.PUBLIC, size, timestamp);
  }
}
