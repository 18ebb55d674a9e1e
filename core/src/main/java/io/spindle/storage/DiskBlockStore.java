package io.spindle.storage;

import io.spindle.serializer.KryoSerializer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blocks as files under {@code <local dir>/blocks/}, the dir picked by the block id's hash. In
 * local mode the local dir is the application's scratch dir (deleted at context close); on YARN it
 * is the container's application-level {@code LOCAL_DIRS}. A file is written to a temporary name
 * and renamed, so a reader never sees half a block.
 */
final class DiskBlockStore {
  private final KryoSerializer serializer;
  private final Path[] dirs;
  private final Map<String, Path> files = new ConcurrentHashMap<>();
  private final io.spindle.shuffle.codec.CompressionCodec codec; // the IO encryption, or null

  /** {@code codec}: every block file goes through it (spindle.io.encryption.enabled), or null. */
  DiskBlockStore(KryoSerializer serializer, Path[] localDirs, io.spindle.shuffle.codec.CompressionCodec codec) {
    this.serializer = serializer;
    this.codec = codec;
    this.dirs = new Path[localDirs.length];
    for (int i = 0; i < localDirs.length; i++) {
      dirs[i] = localDirs[i].resolve("blocks");
    }
  }

  boolean contains(String blockId) {
    return files.containsKey(blockId);
  }

  /** Streams records to the block's file; returns its size in bytes. */
  long putRecords(String blockId, Iterator<?> records) {
    return write(blockId, out -> BlockCodec.write(serializer, records, out));
  }

  long putBytes(String blockId, byte[] bytes) {
    return write(blockId, out -> out.write(bytes));
  }

  private interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private long write(String blockId, Writer writer) {
    Path file = fileOf(blockId);
    Path tmp = file.resolveSibling(blockId + ".tmp-" + Thread.currentThread().getId());
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
        if (codec == null) {
          writer.writeTo(out);
        } else {
          try (OutputStream encoded = codec.compress(out)) {
            writer.writeTo(encoded);
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      files.put(blockId, file);
      return Files.size(file);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
      throw new UncheckedIOException("Cannot write block " + blockId + " to " + file
          + "; check free space and permissions of spindle.local.dir", e);
    }
  }

  /** The block's records, read lazily; null if the block is not on disk. */
  <T> Iterator<T> getRecords(String blockId) {
    Path file = files.get(blockId);
    if (file == null) {
      return null;
    }
    try {
      return BlockCodec.read(serializer, open(file));
    } catch (NoSuchFileException e) {
      files.remove(blockId, file); // removed concurrently
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read block " + blockId + " from " + file, e);
    }
  }

  /** The block's raw bytes; null if the block is not on disk. */
  byte[] getBytes(String blockId) {
    Path file = files.get(blockId);
    if (file == null) {
      return null;
    }
    try {
      if (codec == null) {
        return Files.readAllBytes(file);
      }
      try (java.io.InputStream in = open(file)) {
        return in.readAllBytes();
      }
    } catch (NoSuchFileException e) {
      files.remove(blockId, file);
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read block " + blockId + " from " + file, e);
    }
  }

  private java.io.InputStream open(Path file) throws IOException {
    java.io.InputStream in = Files.newInputStream(file);
    return codec == null ? in : codec.decompress(new java.io.BufferedInputStream(in, 64 * 1024));
  }

  boolean remove(String blockId) {
    Path file = files.remove(blockId);
    if (file == null) {
      return false;
    }
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      return false;
    }
  }

  /** Bytes of a block's file, 0 if it has none. */
  long size(String blockId) {
    Path file = files.get(blockId);
    try {
      return file == null ? 0 : Files.size(file);
    } catch (IOException e) {
      return 0; // removed meanwhile
    }
  }

  Iterable<String> blockIds() {
    return files.keySet();
  }

  private Path fileOf(String blockId) {
    return dirs[Math.floorMod(blockId.hashCode(), dirs.length)].resolve(blockId);
  }
}
