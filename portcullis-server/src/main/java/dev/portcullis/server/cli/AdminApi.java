package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.server.http.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The admin HTTP API as the admin commands call it: bearer admin token, JSON in and out, and every
 * error answer turned into one line ({@link ExitCodes#REFUSED}) that never repeats the token.
 */
final class AdminApi {
  private final Web web;
  private final URI base;
  private final String token;

  AdminApi(Web web, URI base, String token) {
    this.web = web;
    this.base = base;
    this.token = token;
  }

  JsonNode get(String path) {
    return call("GET", path, null);
  }

  JsonNode post(String path, Object body) {
    return call("POST", path, body);
  }

  JsonNode put(String path, Object body) {
    return call("PUT", path, body);
  }

  JsonNode delete(String path) {
    return call("DELETE", path, null);
  }

  static String seg(String pathSegment) {
    if (pathSegment == null || pathSegment.isBlank()) {
      throw CliFailure.usage("an id is required");
    }
    return URLEncoder.encode(pathSegment.trim(), StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private JsonNode call(String method, String path, Object body) {
    HttpRequest.Builder b = web.request(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
    try {
      b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
          : b.header("Content-Type", "application/json").method(method,
              HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<String> r = web.send(b.build());
    JsonNode json = parse(r.body());
    if (r.statusCode() >= 200 && r.statusCode() < 300) {
      if (r.statusCode() != 204 && json == null) {
        throw new CliFailure(ExitCodes.REFUSED, base + path + " answered " + r.statusCode() + " but not JSON: is " + base
            + " a Portcullis server?");
      }
      return json;
    }
    String error = json != null && json.hasNonNull("error") ? json.get("error").asText() : null;
    String message = json != null && json.hasNonNull("message") ? json.get("message").asText() : null;
    String hint = switch (r.statusCode()) {
      case 401 -> ": the admin token was not accepted (check PORTCULLIS_ADMIN_TOKEN against the server's --admin-token)";
      case 403 -> ": not allowed with this credential";
      case 404 -> error == null ? ": no such route (is " + base + " a Portcullis server, and recent enough?)" : "";
      default -> "";
    };
    throw new CliFailure(ExitCodes.REFUSED, method + " " + path + " answered " + r.statusCode()
        + (error == null ? "" : " " + error) + (message == null ? "" : ": " + message) + hint);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }
}
