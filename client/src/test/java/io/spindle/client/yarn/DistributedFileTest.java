package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.client.SubmitArguments.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributedFileTest {
  @Test
  void aLocalPathIsLinkedUnderItsFileNameOrItsAlias() throws Exception {
    DistributedFile plain = DistributedFile.parse("--files", "/data/names.txt", LocalResourceType.FILE);
    assertEquals("/data/names.txt", plain.source());
    assertEquals("names.txt", plain.linkName());
    assertTrue(plain.local());

    DistributedFile aliased = DistributedFile.parse("--archives", "deps/env.tar.gz#env", LocalResourceType.ARCHIVE);
    assertEquals("deps/env.tar.gz", aliased.source());
    assertEquals("env", aliased.linkName());
    assertEquals(LocalResourceType.ARCHIVE, aliased.type());

    DistributedFile fileUri = DistributedFile.parse("--files", "file:///tmp/a%20b.txt#ab", LocalResourceType.FILE);
    assertTrue(fileUri.local());
    assertEquals("/tmp/a b.txt", fileUri.source());
  }

  @Test
  void aPathWithAnotherSchemeIsLocalizedFromWhereItIs() throws Exception {
    DistributedFile remote = DistributedFile.parse("--files", "hdfs://nn:8020/shared/lookup.csv#lookup",
        LocalResourceType.FILE);
    assertFalse(remote.local());
    assertEquals("hdfs://nn:8020/shared/lookup.csv", remote.source());
    assertEquals("lookup", remote.linkName());
  }

  @Test
  void badAliasesAndClashingNamesAreRefusedNamingTheFix() {
    UsageException slash = assertThrows(UsageException.class,
        () -> DistributedFile.parse("--files", "a.txt#dir/b.txt", LocalResourceType.FILE));
    assertTrue(slash.getMessage().contains("plain file name"), slash.getMessage());
    assertThrows(UsageException.class, () -> DistributedFile.parse("--files", "a.txt#", LocalResourceType.FILE));
    assertThrows(UsageException.class, () -> DistributedFile.parse("--files", "#x", LocalResourceType.FILE));

    UsageException clash = assertThrows(UsageException.class,
        () -> DistributedFile.parseAll(List.of("x/data.txt"), List.of("y/other.zip#data.txt"), List.of()));
    assertTrue(clash.getMessage().contains("'data.txt'") && clash.getMessage().contains("#alias"), clash.getMessage());

    UsageException reserved = assertThrows(UsageException.class,
        () -> DistributedFile.parseAll(List.of("conf/core-site.xml"), List.of(), YarnSubmission.shippedNames()));
    assertTrue(reserved.getMessage().contains("'core-site.xml'"), reserved.getMessage());
  }

  @Test
  void aMissingLocalFileIsRefusedBeforeSubmissionButARemoteOneIsNotCheckedHere(@TempDir Path dir) throws Exception {
    Path present = Files.writeString(dir.resolve("here.txt"), "x");
    DistributedFile.parse("--files", present.toString(), LocalResourceType.FILE).checkLocal();
    UsageException missing = assertThrows(UsageException.class,
        () -> DistributedFile.parse("--archives", dir.resolve("gone.zip").toString(), LocalResourceType.ARCHIVE)
            .checkLocal());
    assertTrue(missing.getMessage().startsWith("--archives ") && missing.getMessage().contains("gone.zip"),
        missing.getMessage());
    DistributedFile.parse("--files", "hdfs://nn/x.txt", LocalResourceType.FILE).checkLocal();
  }
}
