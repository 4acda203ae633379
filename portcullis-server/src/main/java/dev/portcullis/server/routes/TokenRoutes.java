package dev.portcullis.server.routes;

import dev.portcullis.account.AccountService;
import dev.portcullis.auth.Device;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientService;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.error.OAuthException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Body;
import dev.portcullis.server.http.Json;
import dev.portcullis.server.http.Requests;
import dev.portcullis.token.Introspection;
import dev.portcullis.token.SigningKeys;
import dev.portcullis.token.TokenPolicy;
import dev.portcullis.token.TokenResponse;
import dev.portcullis.token.TokenService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** OAuth 2.0-shaped token endpoint, revocation (RFC 7009), introspection (RFC 7662), JWKS, metadata. */
public final class TokenRoutes {
  private final TokenService tokens;
  private final Introspection introspection;
  private final ClientService clients;
  private final AccountService accounts;
  private final SigningKeys keys;
  private final TokenPolicy policy;
  private final Requests requests;

  public TokenRoutes(TokenService tokens, Introspection introspection, ClientService clients,
      AccountService accounts, SigningKeys keys, TokenPolicy policy, Requests requests) {
    this.tokens = tokens;
    this.introspection = introspection;
    this.clients = clients;
    this.accounts = accounts;
    this.keys = keys;
    this.policy = policy;
    this.requests = requests;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/token", this::token, Access.PUBLIC);
    r.post("/v1/token/revoke", this::revoke, Access.PUBLIC);
    r.post("/v1/token/introspect", this::introspect, Access.PUBLIC);
    r.get("/.well-known/jwks.json", this::jwks, Access.PUBLIC);
    r.get("/.well-known/oauth-authorization-server", this::metadata, Access.PUBLIC);
  }

  private void token(Context ctx) {
    Body body = body(ctx);
    Client client = authenticateClient(ctx, body);
    Device device = requests.device(ctx);
    String grantType = string(body, "grant_type");
    if (grantType == null) {
      throw OAuthException.invalidRequest("grant_type is required.");
    }
    String username = string(body, "username");
    String password = string(body, "password");
    TokenResponse answer = tokens.grant(grantType, client, () -> {
      if (username == null || password == null) {
        throw OAuthException.invalidRequest("username and password are required.");
      }
      try {
        return accounts.authenticate(username, password, device);
      } catch (InvalidRequestException e) {
        throw OAuthException.invalidRequest(e.getMessage()); // e.g. a username that is no email
      }
    }, string(body, "refresh_token"), new TokenService.CodeExchange(string(body, "code"), string(body, "redirect_uri"),
        string(body, "code_verifier")), string(body, "scope"), device);
    pragmaNoCache(ctx);
    Json.ok(ctx, TokenAnswer.of(answer));
  }

  private void revoke(Context ctx) {
    Body body = body(ctx);
    Client client = authenticateClient(ctx, body);
    tokens.revoke(client, string(body, "token"), string(body, "token_type_hint"));
    pragmaNoCache(ctx);
    ctx.status(200);
  }

  private void introspect(Context ctx) {
    Body body = body(ctx);
    Client client = authenticateClient(ctx, body);
    Introspection.Result result = introspection.introspect(client, string(body, "token"));
    pragmaNoCache(ctx);
    Json.ok(ctx, IntrospectionAnswer.of(result));
  }

  private void jwks(Context ctx) {
    // the same value decides how early a rotated key is published (TokenPolicy.keyPrePublication)
    ctx.header("Cache-Control", "public, max-age=" + policy.jwksMaxAge().toSeconds());
    Json.ok(ctx, new JwkSet(keys.publicJwks()));
  }

  /** RFC 7517 section 5: the JWK Set document. */
  record JwkSet(List<Map<String, Object>> keys) {}

  /** RFC 8414. */
  private void metadata(Context ctx) {
    Json.ok(ctx, AuthorizationServerMetadata.of(policy.issuer(), clients.scopesSupported()));
  }

  /** client_secret_basic (Authorization: Basic) or client_secret_post / public client_id in the body. */
  private Client authenticateClient(Context ctx, Body body) {
    String header = ctx.header("Authorization");
    String clientId = string(body, "client_id");
    String secret = string(body, "client_secret");
    if (header != null) {
      if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
        throw OAuthException.invalidClient("unsupported Authorization scheme at the token endpoint");
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw OAuthException.invalidClient("malformed Basic credentials");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw OAuthException.invalidClient("malformed Basic credentials");
      }
      String basicId;
      try {
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are put into Basic
        basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw OAuthException.invalidClient("malformed percent-encoding in Basic credentials");
      }
      if (clientId != null && !clientId.equals(basicId)) {
        throw OAuthException.invalidClient("contradictory client_id in Basic credentials and body");
      }
      clientId = basicId;
    }
    if (clientId == null || clientId.isEmpty()) {
      throw OAuthException.invalidClient("no client_id");
    }
    return clients.authenticate(clientId, secret);
  }

  private static Body body(Context ctx) {
    try {
      return Body.of(ctx);
    } catch (InvalidRequestException e) {
      throw OAuthException.invalidRequest(e.getMessage());
    }
  }

  private static String string(Body body, String name) {
    try {
      return body.optionalString(name).orElse(null);
    } catch (InvalidRequestException e) {
      throw OAuthException.invalidRequest(e.getMessage());
    }
  }

  /** RFC 6749 §5.1: token answers also carry Pragma for HTTP/1.0 caches (no-store comes from CacheControl). */
  private static void pragmaNoCache(Context ctx) {
    ctx.header("Pragma", "no-cache");
  }
}
