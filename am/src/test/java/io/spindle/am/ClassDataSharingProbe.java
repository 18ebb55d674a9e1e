package io.spindle.am;

/**
 * A container's main for {@link ContainerClassDataSharingTest}: loads a class from a second jar,
 * and one it does not link (as the verifier loads the classes it checks against), then ends in order
 * as an executor does, printing what {@link io.spindle.cluster.ClassDataArchive} did.
 */
public final class ClassDataSharingProbe {
  private ClassDataSharingProbe() {}

  public static void main(String[] args) throws Exception {
    Class.forName("io.spindle.am.ClassDataSharingProbe$Other");
    Class.forName("io.spindle.am.ClassDataSharingProbe$LoadedOnly", false, ClassDataSharingProbe.class.getClassLoader());
    System.out.println("class path: " + System.getProperty("java.class.path"));
    System.out.println("command line: " + ProcessHandle.current().info().commandLine().orElse("?"));
    System.out.println("at the end: " + io.spindle.cluster.ClassDataArchive.atOrderlyEnd());
  }

  /** Packed in the second jar. */
  public static final class Other {
    private Other() {}
  }

  /** Loaded, never linked by the probe itself. */
  public static final class LoadedOnly {
    private LoadedOnly() {}
  }
}
