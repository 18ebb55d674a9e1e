package io.spindle.am;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may see the AM's status UI on a secured cluster, as Spark's SecurityManager decides it: the
 * application's owner, every user of {@code spindle.ui.view.acls} and of {@code spindle.admin.acls}
 * ({@code *} = everyone). The user is the one the ResourceManager's web proxy vouches for (YARN's
 * {@code AmIpFilter} turns the proxy's user into the request's remote user, and redirects requests
 * that did not come through the proxy). Not enforced (everyone may view) on a cluster without
 * Kerberos, where the proxy names no authenticated user.
 *
 * <p>Enforced by {@link UiAclFilter}, which {@link AmUiFilters} installs behind YARN's AmIpFilter
 * (docs/security.md).
 */
public final class UiAccessPolicy {
  private final boolean enforced;
  private final String owner;
  private final Set<String> viewers;
  private final Set<String> admins;

  /** {@code viewAcls}, {@code adminAcls}: comma-separated user names or {@code *}; may be null. */
  public UiAccessPolicy(boolean enforced, String owner, String viewAcls, String adminAcls) {
    this.enforced = enforced;
    this.owner = owner;
    this.viewers = users(viewAcls);
    this.admins = users(adminAcls);
  }

  /** The policy of an application: enforced when Kerberos is on, owner = the user the AM runs for. */
  public static UiAccessPolicy of(io.spindle.config.Settings conf, String owner, boolean kerberos) {
    return new UiAccessPolicy(kerberos, owner, conf.get(YarnConfigs.UI_VIEW_ACLS), conf.get(YarnConfigs.ADMIN_ACLS));
  }

  /** Whether {@code remoteUser} (null: the proxy named nobody) may see the UI's pages and REST API. */
  public boolean canView(String remoteUser) {
    if (!enforced) {
      return true;
    }
    if (remoteUser == null || remoteUser.isBlank()) {
      return false;
    }
    String user = remoteUser.trim();
    return user.equals(owner) || viewers.contains("*") || admins.contains("*") || viewers.contains(user)
        || admins.contains(user);
  }

  /** The HTTP status a filter answers: 200 (go on) or 403. */
  public int status(String remoteUser) {
    return canView(remoteUser) ? 200 : 403;
  }

  private static Set<String> users(String list) {
    if (list == null) {
      return Set.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }
}
