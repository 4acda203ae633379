package dev.portcullis.client;

import dev.portcullis.error.OAuthException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The decision table: a client's type alone decides which grants it may use. Keeping it here, in
 * one place, means no endpoint can quietly widen what a type may do.
 *
 * <pre>
 * type             confidential  password  refresh_token  client_credentials  introspection
 * browser          no            -         -              -                   -   (sessions only)
 * mobile           no            yes       yes            -                   -
 * service          yes           -         -              yes                 -
 * resource-server  yes           -         -              -                   yes
 * </pre>
 */
public enum ClientType {
  BROWSER("browser", false, EnumSet.noneOf(GrantType.class)),
  MOBILE("mobile", false, EnumSet.of(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)),
  SERVICE("service", true, EnumSet.of(GrantType.CLIENT_CREDENTIALS)),
  RESOURCE_SERVER("resource-server", true, EnumSet.of(GrantType.INTROSPECTION));

  private final String wireName;
  private final boolean confidential;
  private final Set<GrantType> grants;

  ClientType(String wireName, boolean confidential, Set<GrantType> grants) {
    this.wireName = wireName;
    this.confidential = confidential;
    this.grants = grants;
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
