package dev.portcullis.sdk;

import jakarta.servlet.ServletRequest;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of a request that {@link PortcullisFilter} let through: {@code
 * request.getUserPrincipal()}, and the request attribute {@link #ATTRIBUTE}. Its name is the
 * token's subject.
 */
public record PortcullisPrincipal(AccessToken token) implements Principal {
  /** The request attribute that holds it. */
  public static final String ATTRIBUTE = PortcullisPrincipal.class.getName();

  /** The principal the filter put on {@code request}, if it ran and let the request through. */
  public static Optional<PortcullisPrincipal> of(ServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof PortcullisPrincipal p ? Optional.of(p) : Optional.empty();
  }

  /** The subject: a user id ({@code u_…}) or, for a client-credentials token, the client's id. */
  @Override
  public String getName() {
    return token.subject();
  }

  public String subject() {
    return token.subject();
  }

  public String clientId() {
    return token.clientId();
  }

  public Set<String> scopes() {
    return token.scopes();
  }

  public Map<String, Object> claims() {
    return token.claims();
  }
}
