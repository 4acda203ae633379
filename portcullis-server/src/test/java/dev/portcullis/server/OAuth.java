package dev.portcullis.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helpers for the OAuth-shaped endpoints of one instance: clients, grants, form bodies. */
final class OAuth {
  private final String base;

  OAuth(ServerHarness h) {
    this(h.base);
  }

  OAuth(String base) {
    this.base = base;
  }

  static String form(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /**
   * Registers a client of {@code type} and returns the admin answer (client_id, client_secret?). A
   * mobile client opts in to the legacy password grant (most tests log in with it) unless
   * {@code extra} names its grant_types.
   */
  JsonNode client(String type, String... extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("name", type + " client");
    if (type.equals("mobile")) {
      body.put("grant_types", java.util.List.of("password", "refresh_token"));
    }
    for (int i = 0; i < extra.length; i += 2) {
      body.put(extra[i], extra[i + 1].startsWith("[") ? java.util.List.of(extra[i + 1].substring(1, extra[i + 1].length() - 1).split(",")) : extra[i + 1]);
    }
    Browser.Response r = new Browser(base).header("Authorization", "Bearer " + ServerHarness.ADMIN_TOKEN)
        .postJson("/v1/admin/clients", body);
    if (r.status() != 201) {
      throw new AssertionError("client registration failed: " + r.status() + " " + r.body());
    }
    return r.json();
  }

  Browser.Response token(String... kv) {
    return new Browser(base).postRaw("/v1/token", form(kv), "application/x-www-form-urlencoded");
  }

  Browser.Response password(String clientId, String email, String password) {
    return token("grant_type", "password", "username", email, "password", password, "client_id", clientId);
  }

  Browser.Response refresh(String clientId, String refreshToken) {
    return token("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId);
  }

  Browser.Response revoke(String clientId, String token) {
    return new Browser(base).postRaw("/v1/token/revoke", form("token", token, "client_id", clientId), "application/x-www-form-urlencoded");
  }

  Browser.Response introspect(String clientId, String secret, String token) {
    String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return new Browser(base).postRaw("/v1/token/introspect", form("token", token), "application/x-www-form-urlencoded",
        "Authorization", "Basic " + basic);
  }

  /** An access token of {@code email}'s (already registered) from a fresh mobile client with {@code clientExtra}. */
  String accessToken(String email, String... clientExtra) {
    String clientId = client("mobile", clientExtra).get("client_id").asText();
    return password(clientId, email, ServerHarness.PASSWORD).json().get("access_token").asText();
  }

  Browser.Response me(String accessToken) {
    return new Browser(base).get("/v1/me", "Authorization", "Bearer " + accessToken);
  }
}
