package io.spindle.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Resolves a user's input string (comma-separated files, directories and globs) into files.
 * Names starting with {@code _} or {@code .} inside a directory or glob match are skipped, as
 * Hadoop and Spark do: they are markers ({@code _SUCCESS}), temporary dirs and checksums.
 */
final class InputFiles {
  private InputFiles() {}

  static List<FileStatus> list(Configuration conf, String paths) throws IOException {
    List<String> parts = splitPathList(paths);
    if (parts.isEmpty()) {
      throw new InputPathException("No input path given (got \"" + paths + "\"). Name a file, directory or glob.");
    }
    List<FileStatus> out = new ArrayList<>();
    for (String part : parts) {
      Path path = new Path(part);
      FileSystem fs = path.getFileSystem(conf);
      boolean glob = isGlob(part);
      // An explicitly named path is read even if its name starts with '_'; a glob skips such names.
      FileStatus[] matches = glob ? fs.globStatus(path, InputFiles::visible) : fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new InputPathException("Input path does not exist: " + fs.makeQualified(path)
            + (glob ? " (the glob matches no file)" : "")
            + ". Check the path and its scheme (a path without one is on " + FileSystem.getDefaultUri(conf) + ").");
      }
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          addDirectory(fs, m.getPath(), out);
        } else {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** The directory's visible files, by name; their block locations come along where the FS has them. */
  private static void addDirectory(FileSystem fs, Path dir, List<FileStatus> out) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listLocatedStatus(dir);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      if (!visible(s.getPath())) {
        continue;
      }
      if (s.isDirectory()) {
        // Spark's textFile fails here too ("Not a file"); silently skipping would drop data.
        throw new InputPathException("Input directory " + dir + " contains the subdirectory "
            + s.getPath().getName() + ", and subdirectories are not read. Name them with a glob (e.g. "
            + dir + "/*/*) or list them, comma-separated.");
      }
      files.add(s);
    }
    files.sort(Comparator.comparing(s -> s.getPath().getName()));
    out.addAll(files);
  }

  static boolean visible(Path p) {
    String name = p.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }

  private static boolean isGlob(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  /** Splits at commas outside braces, so a glob like {@code /logs/{a,b}/*} stays whole. */
  static List<String> splitPathList(String paths) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i <= paths.length(); i++) {
      char c = i < paths.length() ? paths.charAt(i) : ',';
      if (c == '{') {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (c == ',' && (depth == 0 || i == paths.length())) {
        String part = paths.substring(from, i).trim();
        if (!part.isEmpty()) {
          parts.add(part);
        }
        from = i + 1;
      }
    }
    return parts;
  }
}
