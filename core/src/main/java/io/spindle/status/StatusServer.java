package io.spindle.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status UI's HTTP server, on the JDK's built-in server (no dependency): the HTML page at /
 * and Spark's REST paths under /api/v1/applications (see {@link StatusRoutes}). It serves
 * whichever {@link AppStatusListener} is attached; the YARN ApplicationMaster starts one before
 * the user's main creates its context (the tracking URL must be known at registration) and
 * installs it as the process's shared server, to which that context then attaches.
 *
 * <p>Its threads are daemons, so a driver that forgets to close its context still exits.
 */
public final class StatusServer {
  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static volatile StatusServer shared;

  private final HttpServer http;
  private final ExecutorService pool;
  private final String advertisedHost;
  private volatile AppStatusListener status;

  private StatusServer(HttpServer http, ExecutorService pool, String advertisedHost, AppStatusListener status) {
    this.http = http;
    this.pool = pool;
    this.advertisedHost = advertisedHost;
    this.status = status;
  }

  /**
   * Starts on {@code bind}, port {@code port} or, if that is busy, one of the next {@code maxRetries}
   * ports (0: any free port). Returns null after logging a warning if none is free or the server
   * cannot start: the application runs on without a UI.
   */
  public static StatusServer start(InetAddress bind, String advertisedHost, int port, int maxRetries,
      AppStatusListener status) {
    int last = port == 0 ? 0 : Math.min(65535, port + maxRetries);
    for (int p = port; p <= last; p++) {
      HttpServer http;
      try {
        http = HttpServer.create(new InetSocketAddress(bind, p), 0);
      } catch (BindException e) {
        LOG.debug("Port {} is busy for the status UI", p);
        continue;
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not start the status UI on {}:{} ({}); running without a UI", bind, p, e.toString());
        return null;
      }
      AtomicInteger n = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "spindle-ui-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      StatusServer server = new StatusServer(http, pool, advertisedHost, status);
      http.createContext("/", server::handle);
      http.setExecutor(pool);
      startOnDaemonThread(http);
      LOG.info("Spindle UI at {}", server.url());
      return server;
    }
    LOG.warn("Could not start the status UI: ports {} to {} are all busy (spindle.ui.port, spindle.port.maxRetries); "
        + "running without a UI", port, last);
    return null;
  }

  /** The JDK server's dispatcher thread inherits daemon status from the thread that starts it. */
  private static void startOnDaemonThread(HttpServer http) {
    Thread starter = new Thread(http::start, "spindle-ui-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The server of this process that a context attaches to instead of starting its own (the YARN AM's). */
  public static void installShared(StatusServer server) {
    shared = server;
  }

  public static StatusServer shared() {
    return shared;
  }

  /** Serves {@code listener}'s application from now on (the AM's context replaces the placeholder). */
  public void attach(AppStatusListener listener) {
    this.status = listener;
  }

  public AppStatusListener status() {
    return status;
  }

  public String advertisedHost() {
    return advertisedHost;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://host:port}: the tracking URL. */
  public String url() {
    return "http://" + advertisedHost + ":" + port();
  }

  public void stop() {
    http.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      StatusRoutes.Response response;
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response = StatusRoutes.Response.text(405, "Only GET and HEAD are supported");
      } else {
        try {
          response = StatusRoutes.route(exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(),
              status);
        } catch (RuntimeException e) {
          LOG.warn("Status UI request {} failed", exchange.getRequestURI(), e);
          response = StatusRoutes.Response.text(500, "Internal error: " + e);
        }
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = method.equals("HEAD");
      exchange.sendResponseHeaders(response.code(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
