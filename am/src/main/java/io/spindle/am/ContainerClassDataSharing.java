package io.spindle.am;

import io.spindle.cluster.ClassDataArchive;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.LocalResource;

/**
 * Class-data sharing for Spindle's YARN containers, executors and the ApplicationMaster (issue 15):
 * most of a container's start-up is loading and verifying the same ~5,000 classes from the same
 * jars, and a JDK dynamic archive of them, mapped instead, takes much of that away. The container side is
 * {@link ClassDataArchive}; this class writes the parts of the container's command.
 *
 * <p>Three things make an archive usable in a container, and the command provides them:
 * <ol>
 *   <li><b>Stable jar paths.</b> The JVM records each class path entry's path, size and mtime and
 *       maps the archive only where all still hold. A container's jars are symlinks in its own
 *       working dir, deleted with it; the NodeManager's localized copies they point to stay
 *       (its cache keeps them across applications). So the class path is resolved on the node,
 *       by the launch script into a java argument file: {@code -cp $(readlink -f a.jar b.jar …)…:$PWD}.
 *   <li><b>Only jars before the working dir.</b> The JVM refuses an archive when a non-empty
 *       directory precedes the jars; the working dir (the Hadoop {@code *-site.xml} files and
 *       log4j.properties, which no framework jar holds) goes last.
 *   <li><b>A per-node, per-user place</b>: the first of YARN's {@code LOCAL_USER_DIRS}
 *       ({@code <nm-local-dir>/usercache/<user>/}, which outlives applications), directory
 *       {@code spindle-cds}, created private to the user. The archive is named after the class
 *       path's identity as the AM knows it (every jar's URL, size and timestamp, and the java home),
 *       so another application with the same jars maps it and a new jar makes a new one.
 * </ol>
 * The launch script then starts the JVM with {@code -XX:SharedArchiveFile} if the archive is there,
 * else with {@code -XX:+RecordDynamicDumpInfo} so that the container writes it at its orderly end;
 * and with neither if the JDK has no base archive ({@code lib/server/classes.jsa}), because a
 * recording JVM without one does not start. The JVM's own CDS messages are off ({@code -Xlog:cds}):
 * a stale archive costs only its benefit, is deleted at the container's orderly end, and the next
 * container records a new one.
 *
 * <p>Not used (the command is as before) when the user's JVM options already choose something about
 * class-data sharing ({@code -Xshare}, {@code SharedArchiveFile}, {@code ArchiveClassesAtExit},
 * {@code RecordDynamicDumpInfo}), when spindle.yarn.classDataSharing is false, or when a class path
 * name holds a character the launch script would have to quote.
 */
public final class ContainerClassDataSharing {
  /** The directory under the node's per-user dir. */
  static final String DIR = "spindle-cds";
  /** A link name, or a jar inside a linked (unpacked) archive: {@code __spindle_libs__/netty-all.jar}. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._+@=-]+(/[A-Za-z0-9._+@=-]+)?");
  private static final Pattern USER_CDS_OPTION =
      Pattern.compile("-Xshare:.*|-XX:SharedArchiveFile=.*|-XX:ArchiveClassesAtExit=.*|-XX:[+-]RecordDynamicDumpInfo");

  private ContainerClassDataSharing() {}

  /**
   * What a container's command carries for class-data sharing: {@code options} after Spindle's
   * defaults and before the user's, {@code classPath} (the argument file) just before the main class.
   * Both empty when sharing does not apply.
   */
  public record CommandParts(List<String> options, List<String> classPath) {
    static final CommandParts NONE = new CommandParts(List.of(), List.of());
  }

  /**
   * The parts for a container of {@code role} ("am", "amtasks", "executor") running java from {@code javaHome}
   * with these class path links, their localized {@code files} and the user's JVM options.
   */
  public static CommandParts commandParts(boolean enabled, String role, String javaHome, List<String> classPathLinks,
      Map<String, LocalResource> files, List<String> userJavaOptions) {
    if (!applies(enabled, classPathLinks, userJavaOptions)) {
      return CommandParts.NONE;
    }
    return new CommandParts(jvmOptions(javaHome, archiveName(role, javaHome, classPathLinks, files)),
        List.of(classPathArgument(classPathLinks)));
  }

  /**
   * Whether the command of a container with these class path link names and user JVM options can
   * carry class-data sharing.
   */
  static boolean applies(boolean enabled, List<String> classPathLinks, List<String> userJavaOptions) {
    return enabled && !classPathLinks.isEmpty() && classPathLinks.stream().allMatch(n -> PLAIN_NAME.matcher(n).matches())
        && userJavaOptions.stream().noneMatch(o -> USER_CDS_OPTION.matcher(o).matches());
  }

  /**
   * The archive's file name: {@code role} ("executor", "am", "amtasks": no '-', see ClassDataArchive's pruning) and a digest of what decides the
   * class path's identity as far as the AM knows it: the java binary's home expression and, in
   * class path order, every jar's link name, URL, size and timestamp (a jar inside an unpacked
   * archive: the archive's).
   */
  static String archiveName(String role, String javaHome, List<String> classPathLinks,
      Map<String, LocalResource> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((role + '\n' + javaHome + '\n').getBytes(StandardCharsets.UTF_8));
      for (String link : classPathLinks) {
        LocalResource r = files.get(link.contains("/") ? link.substring(0, link.indexOf('/')) : link); // a jar in an archive: the archive
        String identity = r == null ? link : link + ' ' + r.getResource() + ' ' + r.getSize() + ' ' + r.getTimestamp();
        digest.update((identity + '\n').getBytes(StandardCharsets.UTF_8));
      }
      return role + "-" + HexFormat.of().formatHex(digest.digest(), 0, 12) + ".jsa";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JVM options choosing between mapping and recording the archive {@code archiveName}, for a
   * JVM in {@code javaHome} (an expression the launch script expands, e.g. {@code $JAVA_HOME}).
   */
  static List<String> jvmOptions(String javaHome, String archiveName) {
    String archive = "${" + Environment.LOCAL_USER_DIRS.name() + "%%,*}/" + DIR + "/" + archiveName;
    String choice = "$(if [ -f " + archive + " ]; then echo -XX:SharedArchiveFile=" + archive + "; elif [ -f "
        + javaHome + "/lib/server/classes.jsa ]; then echo -XX:+RecordDynamicDumpInfo; fi)";
    return List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", choice, "-D" + ClassDataArchive.ARCHIVE_PROPERTY + "=" + archive);
  }

  /** The file in the container's working dir that {@link #classPathArgument} writes. */
  static final String ARG_FILE = "spindle-classpath.args";

  /**
   * The class path, as a java argument file ({@code @<file>}, put before the main class): when the
   * launch script runs the command, after it made the links, it writes {@code -cp <class path>}
   * into {@value #ARG_FILE} in the working dir, each link resolved to the NodeManager's localized
   * file it points to (one {@code readlink -f} for all; if that prints nothing, the links
   * themselves), the working dir last. A file, not {@code -cp} itself: the JVM's command line
   * stays short for {@code ps} and for tools that find a container's JVM by it. If the file cannot
   * be written, the argument is {@code -cp <class path>} itself.
   */
  static String classPathArgument(List<String> classPathLinks) {
    String pwd = Environment.PWD.$$();
    StringBuilder links = new StringBuilder();
    for (String link : classPathLinks) {
      links.append(pwd).append('/').append(link).append(':');
    }
    String file = pwd + "/" + ARG_FILE;
    return "$(r=$(readlink -f " + String.join(" ", classPathLinks) + " 2>/dev/null | tr '\\n' :); [ ${#r} -gt 0 ] || r="
        + links + "; echo -cp $r" + pwd + " > " + file + " && echo @" + file + " || echo -cp $r" + pwd + ")";
  }
}
