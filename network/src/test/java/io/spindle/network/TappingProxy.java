package io.spindle.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy in front of a server for one connection, on real sockets: records what each side
 * sent, and can flip one byte of the client's stream at a given offset (what an attacker on the
 * path could do).
 */
final class TappingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
  private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
  private final long flipClientByteAt; // -1: none
  private volatile Socket client;
  private volatile Socket server;

  TappingProxy(int serverPort, long flipClientByteAt) throws IOException {
    this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.flipClientByteAt = flipClientByteAt;
    Thread accept = new Thread(() -> {
      try {
        client = listener.accept();
        server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
        pump(client.getInputStream(), server.getOutputStream(), fromClient, flipClientByteAt);
        pump(server.getInputStream(), client.getOutputStream(), fromServer, -1);
      } catch (IOException e) {
        close();
      }
    }, "tapping-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  byte[] clientBytes() {
    synchronized (fromClient) {
      return fromClient.toByteArray();
    }
  }

  byte[] serverBytes() {
    synchronized (fromServer) {
      return fromServer.toByteArray();
    }
  }

  private void pump(InputStream in, OutputStream out, ByteArrayOutputStream tap, long flipAt) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      long offset = 0;
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          if (flipAt >= offset && flipAt < offset + n) {
            buf[(int) (flipAt - offset)] ^= 0x01;
          }
          offset += n;
          synchronized (tap) {
            tap.write(buf, 0, n);
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side closed
      } finally {
        close();
      }
    }, "tapping-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {client, server, listener}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
