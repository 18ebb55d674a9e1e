package io.spindle.client;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Spindle is installed ({@code spindle.home}) and which jars it runs with, in its two layouts:
 * <ul>
 *   <li>the binary distribution ({@code spindle-<version>-bin.tar.gz}, unpacked e.g. to
 *       {@code /opt/spindle}): {@code lib/spindle-client-<version>.jar} and every other jar the
 *       client, the ApplicationMaster and the executors need, all in {@code lib/};</li>
 *   <li>a built source checkout: {@code client/target/spindle-client.jar} + {@code client/target/lib/}.</li>
 * </ul>
 * Either way {@code conf/} sits in the home. The distribution is recognised first, so a checkout
 * that also holds an unpacked distribution's {@code lib/} at its root would run that one.
 */
public final class SpindleHome {
  private static final String CLIENT_JAR_PREFIX = "spindle-client";

  private SpindleHome() {}

  /** The client jar of the distribution layout, {@code lib/spindle-client-<version>.jar}, or null. */
  static Path distributionClientJar(Path home) throws IOException {
    Path lib = home.resolve("lib");
    if (!Files.isDirectory(lib)) {
      return null;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(lib, CLIENT_JAR_PREFIX + "-*.jar")) {
      for (Path p : ds) {
        return p;
      }
    }
    return null;
  }

  /**
   * The jars the client runs with, which are also the ApplicationMaster's and executors' class path
   * on YARN: the client jar first, then the rest sorted by name (a stable order, so the cache and
   * the containers' class path do not change between submissions).
   */
  public static List<Path> frameworkJars(Path home) throws IOException {
    Path distClient = distributionClientJar(home);
    Path client;
    Path lib;
    if (distClient != null) {
      client = distClient;
      lib = home.resolve("lib");
    } else {
      client = home.resolve("client").resolve("target").resolve("spindle-client.jar");
      lib = home.resolve("client").resolve("target").resolve("lib");
      if (!Files.isRegularFile(client) || !Files.isDirectory(lib)) {
        throw new IOException("neither " + home.resolve("lib") + File.separator + CLIENT_JAR_PREFIX
            + "-<version>.jar (an unpacked distribution) nor " + client + " (a built checkout) found;"
            + " point spindle.home at an unpacked spindle-<version>-bin.tar.gz, or build the checkout:"
            + " mvn -q -DskipTests package");
      }
    }
    List<Path> jars = new ArrayList<>();
    jars.add(client);
    List<Path> rest = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(lib, "*.jar")) {
      for (Path p : ds) {
        if (!p.equals(client)) {
          rest.add(p);
        }
      }
    }
    rest.sort(null);
    jars.addAll(rest);
    return jars;
  }

  /**
   * The home that {@code jar} is the client jar of, in either layout, or null: for
   * {@code <home>/lib/spindle-client-<version>.jar} and {@code <home>/client/target/spindle-client.jar},
   * provided {@code <home>/conf} exists.
   */
  static Path homeOfClientJar(Path jar) {
    if (jar == null || !Files.isRegularFile(jar) || !jar.getFileName().toString().startsWith(CLIENT_JAR_PREFIX)
        || !jar.getFileName().toString().endsWith(".jar")) {
      return null;
    }
    Path dir = jar.toAbsolutePath().normalize().getParent();
    if (dir == null || dir.getParent() == null) {
      return null;
    }
    Path home;
    if (dir.getFileName().toString().equals("lib")) {
      home = dir.getParent();
    } else if (dir.getFileName().toString().equals("target") && dir.getParent().getParent() != null) {
      home = dir.getParent().getParent();
    } else {
      return null;
    }
    return Files.isDirectory(home.resolve("conf")) ? home : null;
  }

  /**
   * The home of the client jar this class was loaded from (bin/spindle-submit sets spindle.home
   * itself; {@code yarn jar} does not), or null. Hadoop's RunJar unpacks the jar and puts the
   * unpacked dir first, so the jar is also looked for among the class loader's URLs.
   */
  static Path homeOfThisClass(Class<?> clazz) {
    List<URL> candidates = new ArrayList<>();
    CodeSource source = clazz.getProtectionDomain().getCodeSource();
    if (source != null) {
      candidates.add(source.getLocation());
    }
    if (clazz.getClassLoader() instanceof URLClassLoader loader) {
      candidates.addAll(List.of(loader.getURLs()));
    }
    for (URL url : candidates) {
      if (!"file".equals(url.getProtocol())) {
        continue;
      }
      try {
        Path home = homeOfClientJar(Path.of(url.toURI()));
        if (home != null) {
          return home;
        }
      } catch (URISyntaxException | RuntimeException e) {
        // not a usable file URL: try the next
      }
    }
    return null;
  }
}
