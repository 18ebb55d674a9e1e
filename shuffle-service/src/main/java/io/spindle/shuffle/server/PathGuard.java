package io.spindle.shuffle.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every application inside its own dirs. Registered dirs must be absolute, free of "." and
 * "..", exist, lie under one of the NodeManager's local dirs (if configured) and have the
 * application id as a path component (YARN's {@code .../appcache/<appId>}). They are stored as
 * real paths; a map output file is then served only if its real path sits directly in such a
 * dir, so a symlink pointing elsewhere is refused.
 */
final class PathGuard {
  private final List<Path> roots;

  PathGuard(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** Resolved at each registration: the NodeManager may create its dirs after we start. */
  private List<Path> allowedRoots() {
    List<Path> real = new ArrayList<>();
    for (Path root : roots) {
      Path abs = root.toAbsolutePath().normalize();
      try {
        real.add(abs.toRealPath());
      } catch (IOException e) {
        real.add(abs); // a root that does not exist yet can still be compared textually
      }
    }
    return real;
  }

  /** Validates the dirs of a registration; returns their real paths in the given order. */
  List<Path> checkRegisteredDirs(String appId, List<String> dirs) throws ForbiddenPathException {
    if (dirs.isEmpty()) {
      throw new ForbiddenPathException("no local dirs given");
    }
    List<Path> result = new ArrayList<>(dirs.size());
    for (String dir : dirs) {
      result.add(checkDir(appId, dir));
    }
    return List.copyOf(result);
  }

  private Path checkDir(String appId, String dir) throws ForbiddenPathException {
    Path path;
    try {
      path = Paths.get(dir);
    } catch (InvalidPathException e) {
      throw new ForbiddenPathException("invalid path '" + Ids.abbreviate(dir) + "'");
    }
    if (!path.isAbsolute()) {
      throw new ForbiddenPathException("local dir '" + dir + "' is not an absolute path");
    }
    for (Path name : path) {
      String n = name.toString();
      if (n.equals("..") || n.equals(".")) {
        throw new ForbiddenPathException("local dir '" + dir + "' contains '" + n + "'");
      }
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      throw new ForbiddenPathException("local dir '" + dir + "' does not exist");
    }
    if (!Files.isDirectory(real)) {
      throw new ForbiddenPathException("local dir '" + dir + "' is not a directory");
    }
    List<Path> allowedRoots = allowedRoots();
    if (!allowedRoots.isEmpty() && allowedRoots.stream().noneMatch(real::startsWith)) {
      throw new ForbiddenPathException("local dir '" + dir + "' (really " + real
          + ") is outside the NodeManager's local dirs " + allowedRoots);
    }
    boolean ownsIt = false;
    for (Path name : real) {
      ownsIt |= name.toString().equals(appId);
    }
    if (!ownsIt) {
      throw new ForbiddenPathException("local dir '" + dir + "' (really " + real
          + ") is not a dir of application " + appId);
    }
    return real;
  }

  /**
   * The real path of {@code fileName} in the registered {@code dir}.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws ForbiddenPathException if it resolves to anything outside {@code dir}
   */
  Path resolveFile(Path dir, String fileName) throws IOException {
    Path real = dir.resolve(fileName).toRealPath();
    if (!dir.equals(real.getParent()) || !Files.isRegularFile(real)) {
      throw new ForbiddenPathException(dir.resolve(fileName) + " resolves to " + real
          + ", outside the registered dir " + dir);
    }
    return real;
  }
}
