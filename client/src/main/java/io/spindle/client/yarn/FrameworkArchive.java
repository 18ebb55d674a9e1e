package io.spindle.client.yarn;

import java.nio.file.Path;

/**
 * The third-party framework jars (Hadoop's client, Netty, Jetty, Kryo, … ~120 of them) travel as
 * one ZIP archive, as Spark's {@code spark.yarn.archive}: the NodeManager unpacks it once into its
 * cache and links one directory, {@value #LINK}, into each container's working dir, where one link
 * per jar cost a process each in the container's launch script (~0.16 s for 129 links on this
 * machine, in the AM's start and again in every executor's; issue 15). Spindle's own jars
 * ({@code spindle-*.jar}) stay single files: they change with every build, and a new one then
 * uploads ~1 MB, not the archive. The archive is named by its jars' digests (JarCache), so it is
 * built and uploaded only when one of them changed. The class path keeps the jars' order, each as
 * {@code __spindle_libs__/<jar>}.
 */
final class FrameworkArchive {
  /** The link of the unpacked archive in a container's working dir. */
  static final String LINK = "__spindle_libs__";

  private FrameworkArchive() {}

  /** Whether {@code jar} goes into the archive (not one of Spindle's own). */
  static boolean holds(Path jar) {
    return !jar.getFileName().toString().startsWith("spindle-");
  }
}
