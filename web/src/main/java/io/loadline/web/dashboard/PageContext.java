package io.loadline.web.dashboard;

import io.loadline.web.auth.Principal;
import io.loadline.web.auth.Role;
import io.loadline.web.auth.TokenService;

/**
 * What every signed-in page needs to know about its viewer: who they are, what they may do, and the
 * CSRF token their forms must carry. Immutable.
 */
public record PageContext(String username, String role, boolean canOperate, String csrfToken) {

  /** Whether the viewer is an admin, who also sees the audit page. */
  public boolean isAdmin() {
    return Role.ADMIN.label().equals(role);
  }

  public static PageContext of(Principal principal, TokenService tokens) {
    return new PageContext(
        principal.username(),
        principal.role().label(),
        principal.role().includes(Role.OPERATOR),
        tokens.csrfToken(principal.tokenId()));
  }
}
