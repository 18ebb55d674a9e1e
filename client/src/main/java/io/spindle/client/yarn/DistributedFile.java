package io.spindle.client.yarn;

import io.spindle.client.SubmitArguments.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.LocalResourceType;

/**
 * One entry of {@code --files} or {@code --archives}, as spark-submit takes them:
 * {@code path[#alias]}. A path without a scheme (or with {@code file:}) is on this machine and is
 * uploaded to the application's staging dir; a path with another scheme ({@code hdfs://…},
 * {@code viewfs://…}) is already in a cluster filesystem and is localized from there without a
 * copy. Each is linked into the working dir of the AM and of every executor under its alias (or
 * its file name); an archive (zip, tar, tar.gz, tgz, jar) is unpacked by the NodeManager into a
 * directory of that name.
 *
 * @param source the path or URI as given, without the alias
 * @param linkName the name in the containers' working dirs
 * @param local true when {@code source} is a file on this machine
 */
record DistributedFile(String source, String linkName, LocalResourceType type, boolean local) {

  static DistributedFile parse(String flag, String spec, LocalResourceType type) throws UsageException {
    String source = spec;
    String alias = null;
    int hash = spec.lastIndexOf('#');
    if (hash >= 0) {
      source = spec.substring(0, hash);
      alias = spec.substring(hash + 1);
      if (alias.isEmpty() || alias.contains("/") || alias.equals(".") || alias.equals("..")) {
        throw new UsageException(flag + " " + spec + ": the alias after '#' must be a plain file name");
      }
    }
    if (source.isEmpty()) {
      throw new UsageException(flag + " " + spec + ": no path before '#'");
    }
    String scheme = schemeOf(source);
    boolean local = scheme == null || scheme.equals("file");
    String path = local && scheme != null ? URI.create(source).getPath() : source;
    String name = alias != null ? alias : fileName(path);
    if (name.isEmpty()) {
      throw new UsageException(flag + " " + spec + ": names a directory; give a file (or add #alias)");
    }
    return new DistributedFile(path, name, type, local);
  }

  /** Parses every entry and refuses two that would land under the same name in the working dir. */
  static List<DistributedFile> parseAll(List<String> files, List<String> archives, List<String> takenNames)
      throws UsageException {
    List<DistributedFile> all = new ArrayList<>();
    for (String f : files) {
      all.add(parse("--files", f, LocalResourceType.FILE));
    }
    for (String a : archives) {
      all.add(parse("--archives", a, LocalResourceType.ARCHIVE));
    }
    Map<String, String> seen = new HashMap<>();
    for (String name : takenNames) {
      seen.put(name, "a file Spindle itself ships");
    }
    for (DistributedFile d : all) {
      String before = seen.putIfAbsent(d.linkName(), d.source());
      if (before != null) {
        throw new UsageException("Both " + before + " and " + d.source() + " would be linked as '" + d.linkName()
            + "' in the containers' working dir: rename one with #alias");
      }
    }
    return all;
  }

  /**
   * The name of a local entry's copy in the staging dir: its link name, but an archive keeps its
   * own file name (the NodeManager picks how to unpack it by the extension).
   */
  String stagedName() {
    return type == LocalResourceType.ARCHIVE ? "__archive__" + linkName + "__" + fileName(source) : linkName;
  }

  /** A local entry must be a readable file now, so that a typo fails before anything is submitted. */
  void checkLocal() throws UsageException {
    if (local && !Files.isRegularFile(Paths.get(source))) {
      throw new UsageException((type == LocalResourceType.ARCHIVE ? "--archives " : "--files ")
          + Paths.get(source).toAbsolutePath() + " is not a readable file");
    }
  }

  private static String schemeOf(String source) {
    if (source.length() > 1 && source.charAt(1) == ':' && Character.isLetter(source.charAt(0))) {
      return null; // a Windows drive letter, not a scheme
    }
    try {
      return new URI(source).getScheme();
    } catch (URISyntaxException e) {
      return null; // spaces and the like: a plain local path
    }
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
