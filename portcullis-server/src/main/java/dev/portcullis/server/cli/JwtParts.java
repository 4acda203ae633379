package dev.portcullis.server.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A compact JWT taken apart without trusting anything: the header, and the claims when the token is
 * a JWS (a JWE's payload is encrypted). Anything that is not a JWT is a usage error saying why.
 */
record JwtParts(Map<String, Object> header, Map<String, Object> claims, Kind kind) {
  enum Kind { SIGNED, UNSECURED, ENCRYPTED }

  static final Set<String> TIME_CLAIMS = Set.of("exp", "nbf", "iat", "auth_time");
  private static final ObjectMapper JSON = new ObjectMapper();

  static JwtParts parse(String compact) {
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3 && parts.length != 5) {
      throw CliFailure.usage("malformed token: a JWT has 3 parts (JWS) or 5 (JWE) separated by dots; this one has "
          + parts.length);
    }
    Map<String, Object> header = object(parts[0], "header");
    Object alg = header.get("alg");
    if (!(alg instanceof String)) {
      throw CliFailure.usage("malformed token: the header has no alg");
    }
    if (parts.length == 5) {
      return new JwtParts(header, null, Kind.ENCRYPTED);
    }
    Map<String, Object> claims = object(parts[1], "payload");
    return new JwtParts(header, claims, "none".equalsIgnoreCase((String) alg) ? Kind.UNSECURED : Kind.SIGNED);
  }

  private static Map<String, Object> object(String part, String name) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("malformed token: the " + name + " is not base64url");
    }
    try {
      return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw CliFailure.usage("malformed token: the " + name + " is not a JSON object");
    }
  }

  /** {@code 2026-11-30T10:00:00Z (3 min ago)} for a NumericDate, the value itself otherwise. */
  static String describe(String claim, Object value, Instant now) {
    if (TIME_CLAIMS.contains(claim) && value instanceof Number n) {
      Instant at = Instant.ofEpochSecond(n.longValue());
      Duration d = Duration.between(now, at);
      String rel = d.isZero() ? "now" : d.isNegative() ? dev.portcullis.token.AccessTokenRules.human(d) + " ago"
          : "in " + dev.portcullis.token.AccessTokenRules.human(d);
      return at + " (" + rel + ")";
    }
    try {
      return value instanceof String s ? s : JSON.writeValueAsString(value);
    } catch (IOException e) {
      return String.valueOf(value);
    }
  }
}
