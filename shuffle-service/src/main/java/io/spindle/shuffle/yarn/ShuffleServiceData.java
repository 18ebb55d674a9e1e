package io.spindle.shuffle.yarn;

import java.nio.ByteBuffer;

/**
 * What travels between the ApplicationMaster and the aux service through YARN, free of Hadoop
 * types so the AM can use it without the service:
 *
 * <ul>
 *   <li>service data ({@code ContainerLaunchContext.setServiceData(Map.of(SERVICE_NAME, ...))}):
 *       the application secret, raw bytes;</li>
 *   <li>service metadata (from {@code NMClientAsync}'s {@code onContainerStarted}, under
 *       {@link #SERVICE_NAME}): the port the service listens on, a big-endian int.</li>
 * </ul>
 */
public final class ShuffleServiceData {
  /** The aux-service name in yarn-site.xml ({@code yarn.nodemanager.aux-services}). */
  public static final String SERVICE_NAME = "spindle_shuffle";

  private ShuffleServiceData() {}

  public static ByteBuffer encodeSecret(byte[] secret) {
    return ByteBuffer.wrap(secret.clone());
  }

  public static byte[] decodeSecret(ByteBuffer data) {
    if (data == null) {
      return new byte[0];
    }
    ByteBuffer d = data.duplicate();
    byte[] secret = new byte[d.remaining()];
    d.get(secret);
    return secret;
  }

  public static ByteBuffer encodePort(int port) {
    ByteBuffer b = ByteBuffer.allocate(4);
    b.putInt(port).flip();
    return b;
  }

  public static int decodePort(ByteBuffer metadata) {
    if (metadata == null || metadata.remaining() < 4) {
      throw new IllegalArgumentException("no Spindle shuffle service port in the service metadata");
    }
    return metadata.duplicate().getInt();
  }
}
