package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar cache on the local filesystem: content-addressed names, one upload per content, PUBLIC checks. */
class JarCacheTest {
  @TempDir
  Path tmp;

  @Test
  void uploadsEachContentOnceAndFindsItAgainFromANewListing() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path a = Files.writeString(tmp.resolve("a.jar"), "content of a", StandardCharsets.UTF_8);
    Path b = Files.writeString(tmp.resolve("b.jar"), "content of b", StandardCharsets.UTF_8);
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("cache").toUri());

    JarCache first = new JarCache(fs, dir); // creates the dir
    FileStatus ca = first.put(a);
    first.put(b);
    assertEquals(2, first.uploads());
    assertEquals(JarCache.sha256(a) + ".jar", ca.getPath().getName());
    assertEquals(Files.size(a), ca.getLen());

    JarCache second = new JarCache(fs, dir); // a later submission: one listing, no uploads
    FileStatus again = second.put(a);
    second.put(b);
    assertEquals(0, second.uploads());
    assertEquals(2, second.hits());
    assertEquals(ca.getPath(), again.getPath());

    Path a2 = Files.writeString(tmp.resolve("a2.jar"), "content of a, changed", StandardCharsets.UTF_8);
    JarCache third = new JarCache(fs, dir);
    assertTrue(!third.put(a2).getPath().equals(ca.getPath()));
    assertEquals(1, third.uploads());
  }

  /**
   * The framework archive: one ZIP whose entries, read back with java.util.zip, are the jars in
   * order, byte for byte (large and empty ones too); built once per set of contents.
   */
  @Test
  void theFrameworkArchiveHoldsTheJarsInOrderAndIsBuiltOncePerContent() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    byte[] big = new byte[3 << 20];
    new java.util.Random(15).nextBytes(big);
    Path a = Files.write(tmp.resolve("zeta-1.0.jar"), big);
    Path b = Files.writeString(tmp.resolve("alpha-2.0.jar"), "content of b ü", StandardCharsets.UTF_8);
    Path c = Files.write(tmp.resolve("empty.jar"), new byte[0]);
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("cache").toUri());

    JarCache first = new JarCache(fs, dir);
    FileStatus archive = first.putArchive(java.util.List.of(a, b, c));
    assertEquals(1, first.uploads());
    assertTrue(archive.getPath().getName().matches("[0-9a-f]{64}\\.zip"), archive.getPath().toString());
    java.util.List<String> names = new java.util.ArrayList<>();
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.getPath().toUri().getPath())) {
      zip.stream().forEach(e -> names.add(e.getName()));
      for (Path jar : java.util.List.of(a, b, c)) {
        try (java.io.InputStream in = zip.getInputStream(zip.getEntry(jar.getFileName().toString()))) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(jar), in.readAllBytes(), jar.toString());
        }
      }
    }
    assertEquals(java.util.List.of("zeta-1.0.jar", "alpha-2.0.jar", "empty.jar"), names, "class path order");

    JarCache second = new JarCache(fs, dir);
    assertEquals(archive.getPath(), second.putArchive(java.util.List.of(a, b, c)).getPath());
    assertEquals(0, second.uploads());
    assertTrue(!second.putArchive(java.util.List.of(b, a, c)).getPath().equals(archive.getPath()), "another order");
    Files.writeString(b, "content of b, changed", StandardCharsets.UTF_8);
    assertTrue(!new JarCache(fs, dir).putArchive(java.util.List.of(a, b, c)).getPath().equals(archive.getPath()),
        "a changed jar makes a new archive");
  }

  @Test
  void publicNeedsReadableFilesAndTraversableAncestors() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path jar = Files.writeString(tmp.resolve("x.jar"), "x", StandardCharsets.UTF_8);
    fs.setPermission(new org.apache.hadoop.fs.Path(tmp.toUri()), new FsPermission((short) 0755));
    org.apache.hadoop.fs.Path open = new org.apache.hadoop.fs.Path(tmp.resolve("open").toUri());
    JarCache cache = new JarCache(fs, open);
    boolean ancestorsTraversable = true; // the temp dir's own ancestors are the machine's, not the test's
    for (Path p = tmp.getParent(); p != null; p = p.getParent()) {
      ancestorsTraversable &= Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE);
    }
    if (ancestorsTraversable) {
      assertNull(cache.whyNotPublic(cache.put(jar)));
    }

    org.apache.hadoop.fs.Path closedParent = new org.apache.hadoop.fs.Path(tmp.resolve("closed").toUri());
    fs.mkdirs(closedParent);
    fs.setPermission(closedParent, new FsPermission((short) 0700));
    JarCache hidden = new JarCache(fs, new org.apache.hadoop.fs.Path(closedParent, "cache"));
    String why = hidden.whyNotPublic(hidden.put(jar));
    assertNotNull(why);
    assertTrue(why.contains("closed") && why.contains("rwx------"), why);
  }

  @Test
  void digestsAreRememberedBySizeAndTimeAcrossSubmissions() throws Exception {
    Path memo = tmp.resolve("home/.spindle/jar-digests.properties");
    Path jar = Files.writeString(tmp.resolve("j.jar"), "first", StandardCharsets.UTF_8);
    String first = JarCache.sha256(jar);
    JarDigests one = new JarDigests(memo);
    assertEquals(first, one.sha256(jar));
    one.save();
    assertTrue(Files.isRegularFile(memo));

    // A later submission trusts the remembered digest while size and time are unchanged...
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(jar);
    Files.writeString(jar, "fiRst", StandardCharsets.UTF_8); // same size
    Files.setLastModifiedTime(jar, time);
    assertEquals(first, new JarDigests(memo).sha256(jar));
    // ...and hashes again when either changed.
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(time.toMillis() + 5000));
    JarDigests two = new JarDigests(memo);
    assertEquals(JarCache.sha256(jar), two.sha256(jar));
    assertTrue(!first.equals(two.sha256(jar)));
    Files.writeString(memo, "\\u12"); // a damaged memo is ignored
    assertEquals(JarCache.sha256(jar), new JarDigests(memo).sha256(jar));
  }
}
