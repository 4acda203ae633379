package dev.portcullis.client;

import dev.portcullis.error.OAuthException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The decision table: a client's type decides which grants it may ever use, and which it gets when
 * its registration lists none. Keeping it here, in one place, means no endpoint can quietly widen
 * what a type may do; a client's own {@code grant_types} ({@link Client#require}) can only narrow it.
 *
 * <pre>
 * type             confidential  authorization_code  password  refresh_token  client_credentials  introspection
 * browser          no            default             -         default        -                   -
 * mobile           no            default             opt-in    default        -                   -
 * service          yes           -                   -         -              default             -
 * resource-server  yes           -                   -         -              -                   default
 * </pre>
 *
 * A browser client is a single-page app on another site using the code flow (RFC 10017); a browser
 * on the server's own site uses sessions and needs no client. The password grant is legacy (RFC
 * 9700 §2.4): a mobile client has it only when its registration lists {@code "password"}.
 */
public enum ClientType {
  BROWSER("browser", false, EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN),
      EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)),
  MOBILE("mobile", false, EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.PASSWORD, GrantType.REFRESH_TOKEN),
      EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)),
  SERVICE("service", true, EnumSet.of(GrantType.CLIENT_CREDENTIALS), EnumSet.of(GrantType.CLIENT_CREDENTIALS)),
  RESOURCE_SERVER("resource-server", true, EnumSet.of(GrantType.INTROSPECTION), EnumSet.of(GrantType.INTROSPECTION));

  private final String wireName;
  private final boolean confidential;
  private final Set<GrantType> grants;
  private final Set<GrantType> defaults;

  ClientType(String wireName, boolean confidential, Set<GrantType> grants, Set<GrantType> defaults) {
    this.wireName = wireName;
    this.confidential = confidential;
    this.grants = grants;
    this.defaults = defaults;
  }

  /** The grants a client of this type gets when its registration names none. */
  public Set<GrantType> defaultGrants() {
    return Set.copyOf(defaults);
  }

  /** True for the types that sign users in through the authorization endpoint. */
  public boolean usesRedirects() {
    return grants.contains(GrantType.AUTHORIZATION_CODE);
  }

  public String wireName() {
    return wireName;
  }

  /** Confidential clients hold a secret and must present it; public clients cannot keep one. */
  public boolean isConfidential() {
    return confidential;
  }

  public boolean allows(GrantType grant) {
    return grants.contains(grant);
  }

  /** Throws {@code unauthorized_client} unless this type may use {@code grant}. */
  public void require(GrantType grant) {
    if (!allows(grant)) {
      throw OAuthException.unauthorizedClient(
          "client type " + wireName + " may not use " + grant.wireName());
    }
  }

  public static ClientType fromWire(String value) {
    for (ClientType t : values()) {
      if (t.wireName.equals(value)) {
        return t;
      }
    }
    throw new dev.portcullis.error.InvalidRequestException(
        "type must be one of browser, mobile, service, resource-server.");
  }
}
