package io.spindle.am;

import io.spindle.status.StatusServer;
import java.util.Map;
import javax.servlet.Filter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.http.FilterContainer;
import org.apache.hadoop.yarn.server.webproxy.amfilter.AmFilterInitializer;

/**
 * Puts the AM's status UI behind the ResourceManager's web proxy, as Spark and MapReduce AMs are:
 * YARN's own {@code AmIpFilter} (configured by YARN's {@code AmFilterInitializer} from the RM
 * addresses, HA included) redirects every request that does not come from a proxy host to the
 * proxy, and hands on the user the proxy authenticated; then {@link UiAclFilter} refuses users the
 * {@link UiAccessPolicy} does not admit (enforced only with Kerberos, where the proxy's user is
 * authenticated). Installed on YARN only (the proxy base comes from the AM container's
 * {@code APPLICATION_WEB_PROXY_BASE}); local modes have no proxy.
 */
final class AmUiFilters {
  private AmUiFilters() {}

  /**
   * Installs both filters on {@code server} before its URL is registered. {@code proxyBase} is
   * {@code /proxy/<appId>} (the container's APPLICATION_WEB_PROXY_BASE).
   */
  static void install(StatusServer server, Configuration yarnConf, String proxyBase, UiAccessPolicy policy) {
    AmFilterInitializer proxy = new AmFilterInitializer() {
      @Override
      protected String getApplicationWebProxyBase() {
        return proxyBase;
      }
    };
    proxy.initFilter(new FilterContainer() {
      @Override
      public void addFilter(String name, String classname, Map<String, String> parameters) {
        server.addFilter(name, instantiate(classname), parameters);
      }

      @Override
      public void addGlobalFilter(String name, String classname, Map<String, String> parameters) {
        addFilter(name, classname, parameters);
      }
    }, yarnConf);
    server.addFilter("spindle-ui-acls", new UiAclFilter(policy), Map.of());
  }

  private static Filter instantiate(String classname) {
    try {
      return (Filter) Class.forName(classname).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create the status UI's filter " + classname, e);
    }
  }
}
