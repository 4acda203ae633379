package dev.portcullis.client;

import dev.portcullis.error.OAuthException;

/**
 * What a client asks to do: the OAuth grants this server supports plus introspection, which is not
 * a grant but is governed by the same client-type table.
 */
public enum GrantType {
  AUTHORIZATION_CODE("authorization_code"),
  /** Legacy (RFC 9700 §2.4: MUST NOT be used); only for clients that list it in their grant_types. */
  PASSWORD("password"),
  REFRESH_TOKEN("refresh_token"),
  CLIENT_CREDENTIALS("client_credentials"),
  INTROSPECTION("introspection");

  private final String wireName;

  GrantType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses a {@code grant_type} form value; introspection is not a grant a client can request. */
  public static GrantType fromGrantParameter(String value) {
    if (value == null || value.isEmpty()) {
      throw OAuthException.invalidRequest("grant_type is required.");
    }
    for (GrantType g : values()) {
      if (g != INTROSPECTION && g.wireName.equals(value)) {
        return g;
      }
    }
    throw OAuthException.unsupportedGrantType("grant_type not supported");
  }

  /** Parses a stored value, introspection included. */
  public static GrantType fromWire(String value) {
    for (GrantType g : values()) {
      if (g.wireName.equals(value)) {
        return g;
      }
    }
    throw new IllegalArgumentException("unknown grant type " + value);
  }

  /** Parses an RFC 7591 {@code grant_types} list at client registration; null stays null (the default). */
  public static java.util.Set<GrantType> fromMetadata(java.util.Collection<String> values) {
    return values == null ? null
        : values.stream().map(GrantType::fromMetadata).collect(java.util.stream.Collectors.toSet());
  }

  /** Parses an RFC 7591 {@code grant_types} entry at client registration. */
  public static GrantType fromMetadata(String value) {
    for (GrantType g : values()) {
      if (g != INTROSPECTION && g.wireName.equals(value)) {
        return g;
      }
    }
    throw new dev.portcullis.error.InvalidRequestException("grant_types may hold authorization_code, "
        + "refresh_token, password, client_credentials.");
  }
}
