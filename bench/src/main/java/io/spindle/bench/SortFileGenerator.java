package io.spindle.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.SplittableRandom;

/**
 * Writes N sort records of 100 bytes (10-byte key, payload, newline), the same records the
 * in-task generator makes. Usage: {@code SortFileGenerator <output file> <records> [slices, default 16]}
 */
public final class SortFileGenerator {
  private SortFileGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("Usage: SortFileGenerator <output file> <records> [slices, default 16]");
      System.exit(2);
    }
    long total = Long.parseLong(args[1]);
    int slices = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    byte[] line = new byte[Records.KEY_BYTES + Records.PAYLOAD_BYTES + 1];
    line[line.length - 1] = '\n';
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Paths.get(args[0])), 1 << 20)) {
      for (int s = 0; s < slices; s++) {
        SplittableRandom random = new SplittableRandom(1_000_003L * s + 17);
        for (long i = Records.sliceStart(total, slices, s); i < Records.sliceStart(total, slices, s + 1); i++) {
          Records.sortRecord(random, i, line);
          out.write(line);
        }
      }
    }
  }
}
