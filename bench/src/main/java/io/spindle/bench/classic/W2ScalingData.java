package io.spindle.bench.classic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * W2's input with more lines over the same keys, for issue 15's scaling check (time per record and
 * peak RSS at 1×, 4×, 16× the data): {@code multiplier × scale × 20M} lines {@code key<TAB>value},
 * keys uniform in [0, scale × 1M) as in {@link ClassicDataGenerator}'s {@code w2.txt} at that scale.
 * Only the line count grows, so the job's state per key stays the same and memory should stay flat.
 * Same seed as {@code w2.txt}: the 1× file is {@code w2.txt} at {@code scale}, and each larger file
 * starts with the smaller ones.
 *
 * <p>Usage: {@code W2ScalingData <output file> <scale> <multiplier>}
 */
public final class W2ScalingData {
  private W2ScalingData() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("Usage: W2ScalingData <output file> <scale> <multiplier>");
      System.exit(2);
    }
    Path out = Paths.get(args[0]);
    double scale = Double.parseDouble(args[1]);
    int multiplier = Integer.parseInt(args[2]);
    if (!(scale > 0) || multiplier < 1) {
      System.err.println("scale must be > 0 and multiplier >= 1, got " + args[1] + " and " + args[2]);
      System.exit(2);
    }
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    int keys = (int) Math.max(1, Math.round(scale * 1_000_000));
    ClassicDataGenerator.keyValues(out, Math.round(multiplier * scale * 20_000_000), 0, keys, 1, 100, 2L);
  }
}
