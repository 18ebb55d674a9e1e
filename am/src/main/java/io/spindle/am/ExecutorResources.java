package io.spindle.am;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;

/**
 * The files the client had localized for the ApplicationMaster (framework jars from the PUBLIC
 * cache, the application jar, --jars, --files, --archives, the Hadoop configuration), written by the client
 * as {@link #FILE_NAME} in the AM's working dir so the AM can localize the very same files
 * (same URL, size and timestamp, so the NodeManagers' caches hit) for its executor containers.
 * {@code classPath} lists the link names of the framework jars in class path order.
 */
public record ExecutorResources(Map<String, LocalResource> files, List<String> classPath) {
  public static final String FILE_NAME = "__spindle_resources__.properties";
  private static final String CLASS_PATH = "classPath";
  private static final String FILE = "file.";

  public ExecutorResources {
    files = Map.copyOf(files);
    classPath = List.copyOf(classPath);
  }

  public void write(OutputStream out) throws IOException {
    Properties p = new Properties();
    p.setProperty(CLASS_PATH, String.join(",", classPath));
    files.forEach((name, r) -> p.setProperty(FILE + name, r.getVisibility() + "|" + r.getType() + "|" + r.getSize()
        + "|" + r.getTimestamp() + "|" + url(r.getResource())));
    p.store(out, "Files of the Spindle AM, localized again for its executors");
  }

  private static String url(URL u) {
    try {
      return u.toPath().toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("Bad localized resource URL " + u, e);
    }
  }

  public static ExecutorResources read(Path file) throws IOException {
    return read(Files.newInputStream(file));
  }

  /** Reads what {@link #write} wrote and closes {@code stream}. */
  public static ExecutorResources read(InputStream stream) throws IOException {
    Properties p = new Properties();
    try (InputStream in = stream) {
      p.load(in);
    }
    Map<String, LocalResource> files = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(FILE)) {
        String[] f = p.getProperty(key).split("\\|", 5); // visibility|type|size|timestamp|url
        files.put(key.substring(FILE.length()), LocalResource.newInstance(
            URL.fromPath(new org.apache.hadoop.fs.Path(f[4])), LocalResourceType.valueOf(f[1]),
            LocalResourceVisibility.valueOf(f[0]), Long.parseLong(f[2]), Long.parseLong(f[3])));
      }
    }
    String cp = p.getProperty(CLASS_PATH, "");
    return new ExecutorResources(files, cp.isEmpty() ? List.of() : new ArrayList<>(List.of(cp.split(","))));
  }
}
