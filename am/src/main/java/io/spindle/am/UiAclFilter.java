package io.spindle.am;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 403 to a user the {@link UiAccessPolicy} does not let view the AM's UI. It runs after
 * YARN's {@code AmIpFilter}, which turns the user the ResourceManager's web proxy authenticated
 * (its {@code proxy-user} cookie) into the request's remote user; a request that did not come
 * through the proxy never gets here (AmIpFilter redirects it to the proxy).
 */
final class UiAclFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(UiAclFilter.class);
  private final UiAccessPolicy policy;

  UiAclFilter(UiAccessPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void init(FilterConfig config) {
    // configured by its constructor
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String user = ((HttpServletRequest) request).getRemoteUser();
    if (policy.canView(user)) {
      chain.doFilter(request, response);
      return;
    }
    LOG.info("Status UI: refused {} to {}", ((HttpServletRequest) request).getRequestURI(),
        user == null ? "an unauthenticated request" : "user " + user);
    byte[] body = ((user == null ? "No authenticated user" : "User " + user)
        + " may not view this application's status UI: the owner, spindle.ui.view.acls and spindle.admin.acls"
        + " may (set them at submission).\n").getBytes(StandardCharsets.UTF_8);
    HttpServletResponse http = (HttpServletResponse) response;
    http.setStatus(HttpServletResponse.SC_FORBIDDEN);
    http.setContentType("text/plain; charset=utf-8");
    http.setContentLength(body.length);
    http.getOutputStream().write(body);
  }

  @Override
  public void destroy() {
    // nothing held
  }
}
