package io.spindle.status;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status UI's HTTP server: Jetty (the version Hadoop ships) with one servlet serving the HTML
 * pages and Spark's REST paths under /api/v1 (see {@link StatusRoutes}). Being a servlet
 * container it takes servlet filters ({@link #addFilter}), e.g. YARN's AmIpFilter, which sends
 * browsers through the ResourceManager's proxy. It serves a {@link StatusSource}: in a driver the
 * attached {@link AppStatusListener}; the YARN ApplicationMaster starts one before the user's main
 * creates its context (the tracking URL must be known at registration) and installs it as the
 * process's shared server, to which that context then attaches; the history server serves every
 * application of its log directory.
 *
 * <p>Its threads are daemons, so a driver that forgets to close its context still exits.
 */
public final class StatusServer {
  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
  private static volatile StatusServer shared;

  private final Server jetty;
  private final ServletContextHandler context;
  private final String advertisedHost;
  private final int port;
  /** The live application shown (null on a history server). */
  private volatile java.util.concurrent.atomic.AtomicReference<AppStatusListener> current;

  private StatusServer(Server jetty, ServletContextHandler context, String advertisedHost, int port) {
    this.jetty = jetty;
    this.context = context;
    this.advertisedHost = advertisedHost;
    this.port = port;
  }

  /**
   * Starts on {@code bind}, port {@code port} or, if that is busy, one of the next {@code maxRetries}
   * ports (0: any free port), serving {@code status}. Returns null after logging a warning if none
   * is free or the server cannot start: the application runs on without a UI.
   */
  public static StatusServer start(InetAddress bind, String advertisedHost, int port, int maxRetries,
      AppStatusListener status) {
    java.util.concurrent.atomic.AtomicReference<AppStatusListener> current =
        new java.util.concurrent.atomic.AtomicReference<>(status);
    StatusServer server = start(bind, advertisedHost, port, maxRetries, StatusSource.live(current::get), "Spindle UI");
    if (server != null) {
      server.current = current;
    }
    return server;
  }

  /** Starts a server for any source (the history server's); null, after a warning, if it cannot start. */
  public static StatusServer start(InetAddress bind, String advertisedHost, int port, int maxRetries,
      StatusSource source, String what) {
    int last = port == 0 ? 0 : Math.min(65535, port + maxRetries);
    for (int p = port; p <= last; p++) {
      QueuedThreadPool threads = new QueuedThreadPool(8, 2);
      threads.setName("spindle-ui");
      threads.setDaemon(true);
      Server jetty = new Server(threads);
      ServerConnector connector = new ServerConnector(jetty, 1, 1);
      connector.setHost(bind.getHostAddress());
      connector.setPort(p);
      jetty.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
      context.setContextPath("/");
      context.addServlet(new ServletHolder("status", new StatusServlet(source)), "/*");
      jetty.setHandler(context);
      jetty.setStopAtShutdown(false);
      try {
        jetty.start();
      } catch (Exception e) {
        stopQuietly(jetty);
        if (isBindFailure(e) && p < last) {
          LOG.debug("Port {} is busy for the {}", p, what);
          continue;
        }
        if (isBindFailure(e)) {
          break;
        }
        LOG.warn("Could not start the {} on {}:{} ({}); running without it", what, bind, p, e.toString());
        return null;
      }
      StatusServer server = new StatusServer(jetty, context, advertisedHost, connector.getLocalPort());
      LOG.info("{} at {}", what, server.url());
      return server;
    }
    LOG.warn("Could not start the {}: ports {} to {} are all busy (spindle.ui.port, spindle.port.maxRetries); "
        + "running without it", what, port, last);
    return null;
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception ignored) {
      // it never served
    }
  }

  /**
   * Puts a servlet filter in front of every page (the hook for YARN's AmIpFilter and for
   * authentication filters); {@code initParams} are its FilterConfig parameters.
   */
  public void addFilter(String name, Filter filter, Map<String, String> initParams) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setName(name);
    holder.setInitParameters(initParams);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
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
    current.set(listener);
  }

  public AppStatusListener status() {
    return current == null ? null : current.get();
  }

  public String advertisedHost() {
    return advertisedHost;
  }

  public int port() {
    return port;
  }

  /** {@code http://host:port}: the tracking URL. */
  public String url() {
    return "http://" + advertisedHost + ":" + port();
  }

  public void stop() {
    stopQuietly(jetty);
  }

  /** Every GET goes through {@link StatusRoutes}; other methods get the servlet's 405. */
  private static final class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient StatusSource source;

    StatusServlet(StatusSource source) {
      this.source = source;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      StatusRoutes.Response response;
      try {
        response = StatusRoutes.route(req.getRequestURI(), req.getQueryString(), source);
      } catch (RuntimeException e) {
        LOG.warn("Status UI request {} failed", req.getRequestURI(), e);
        response = StatusRoutes.Response.text(500, "Internal error: " + e);
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      resp.setStatus(response.code());
      resp.setContentType(response.contentType());
      resp.setHeader("Cache-Control", "no-store");
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
    }
  }
}
