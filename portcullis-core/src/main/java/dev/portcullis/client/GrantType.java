package dev.portcullis.client;

import dev.portcullis.error.OAuthException;

/**
 * What a client asks to do: the three OAuth grants this server supports plus introspection, which
 * is not a grant but is governed by the same client-type table.
 */
public enum GrantType {
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
}
