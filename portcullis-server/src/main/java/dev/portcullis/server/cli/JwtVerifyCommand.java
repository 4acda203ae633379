package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.server.Durations;
import dev.portcullis.server.http.Json;
import dev.portcullis.token.AccessTokenRules;
import dev.portcullis.token.JwsSignatureCheck;
import dev.portcullis.token.TokenPolicy;
import dev.portcullis.token.VerificationKey;
import dev.portcullis.token.VerifiedAccessToken;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Verifies an access token offline with the server's own rules ({@link JwsSignatureCheck} and
 * {@link AccessTokenRules}): algorithm allow-list, key by {@code kid} from the JWKS only, signature,
 * {@code typ at+jwt}, required claims, lifetime at most 15 minutes, time with leeway, issuer and
 * audience when given. What only the server knows (revocation) is said to be unchecked.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify an access token with the same strict rules as the server, and explain a failure in words.",
        "Exit codes: 0 valid, 1 not valid (the reason is printed), 2 malformed token or bad flags, 3 JWKS unreachable, 4 JWKS URL answered an error."})
public final class JwtVerifyCommand extends CliCommand {
  @Parameters(paramLabel = "TOKEN", description = "The JWT, or - to read it from stdin.")
  String token;

  @Option(names = "--jwks", required = true, paramLabel = "URL|FILE",
      description = "The issuer's keys: https://auth.example.com/.well-known/jwks.json, or a file holding that JSON.")
  String jwks;

  @Option(names = "--iss", paramLabel = "ISSUER", description = "The issuer the token must name (the server's --issuer). Unset: not checked.")
  String issuer;

  @Option(names = "--aud", paramLabel = "AUDIENCE", split = ",",
      description = "Audience(s) of which the token must name one. Unset: not checked.")
  List<String> audiences;

  @Option(names = "--leeway", defaultValue = "30s", description = "Clock skew allowed on exp, nbf and iat, at most 2m (default ${DEFAULT-VALUE}, as the server).")
  String leeway;

  @Override
  public Integer call() throws Exception {
    Duration skew = leeway();
    String compact = Secrets.tokenArgument(token, context);
    JwtParts parts = JwtParts.parse(compact);
    JwksSource source = JwksSource.load(jwks, new Web());
    Instant now = context.clock().instant();
    List<String> notChecked = new ArrayList<>();
    if (issuer == null) {
      notChecked.add("iss (give --iss to check it)");
    }
    if (audiences == null || audiences.isEmpty()) {
      notChecked.add("aud (give --aud to check it)");
    }
    notChecked.add("revocation (logout, forced logout, password change): only the server knows;"
        + " ask it with POST /v1/token/introspect or GET /v1/check");
    String failure = null;
    VerifiedAccessToken verified = null;
    try {
      verified = verify(compact, parts, source, now, skew);
    } catch (AuthenticationException e) {
      failure = e.logDetail();
    }
    return report(parts, source, verified, failure, notChecked, now);
  }

  private VerifiedAccessToken verify(String compact, JwtParts parts, JwksSource source, Instant now, Duration skew) {
    switch (parts.kind()) {
      case UNSECURED -> throw AuthenticationException.invalidToken(
          "alg is none: the token is unsigned, and an unsigned token is never accepted (RFC 8725 section 3.1)");
      case ENCRYPTED -> throw AuthenticationException.invalidToken(
          "the token is encrypted (JWE); Portcullis access tokens are signed (JWS) only");
      default -> { }
    }
    SignedJWT jwt;
    try {
      jwt = JwsSignatureCheck.verify(compact, TokenPolicy.DEFAULT_MAX_TOKEN_BYTES,
          h -> Optional.ofNullable(source.keys().get(h.getKeyID())));
    } catch (AuthenticationException e) {
      String detail = e.logDetail();
      if (detail.startsWith("unknown kid")) {
        detail += " in " + source.location() + ", which has " + (source.keys().isEmpty() ? "no usable key"
            : "only " + String.join(", ", source.keys().keySet()))
            + ": a token from another issuer or environment, or signed by a key retired (or removed by an emergency rotation) since";
      } else if (detail.startsWith("bad signature")) {
        detail += ": the token was altered, or signed by another key carrying the same kid";
      }
      throw AuthenticationException.invalidToken(detail);
    }
    VerifiedAccessToken t = AccessTokenRules.fixedClaims(jwt, Optional.ofNullable(issuer));
    AccessTokenRules.checkTime(t, now, skew);
    if (audiences != null && !audiences.isEmpty()) {
      AccessTokenRules.checkAudience(t, audiences);
    }
    return t;
  }

  private int report(JwtParts parts, JwksSource source, VerifiedAccessToken t, String failure, List<String> notChecked,
      Instant now) throws Exception {
    PrintWriter out = out();
    if (json) {
      ObjectNode node = Json.MAPPER.createObjectNode().put("valid", failure == null);
      node.put("reason", failure);
      node.set("header", Json.MAPPER.valueToTree(parts.header()));
      node.set("claims", Json.MAPPER.valueToTree(parts.claims()));
      node.set("not_checked", Json.MAPPER.valueToTree(failure == null ? notChecked : List.of()));
      node.set("jwks_keys_refused", Json.MAPPER.valueToTree(source.refused()));
      out.println(Json.MAPPER.writeValueAsString(node));
      return failure == null ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
    Style style = style();
    if (failure != null) {
      out.println(style.fail("NOT VALID: " + failure));
    } else {
      VerificationKey key = source.keys().get(t.kid());
      out.println(style.pass("VALID: signed by key " + t.kid() + " (" + key.algorithm().jws() + "), an access token (at+jwt) for "
          + t.audience() + ", expires " + JwtParts.describe("exp", t.expiresAt().getEpochSecond(), now)));
      notChecked.forEach(n -> out.println(style.dim("not checked: " + n)));
    }
    source.refused().forEach(r -> out.println(style.dim("JWKS key skipped: " + r)));
    if (parts.claims() != null) {
      JwtDecodeCommand.print(out, style, "header", parts.header(), now);
      JwtDecodeCommand.print(out, style, "claims", parts.claims(), now);
    }
    return failure == null ? ExitCodes.OK : ExitCodes.PROBLEM;
  }

  private Duration leeway() {
    Duration d;
    try {
      d = Durations.parse(leeway);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("--leeway: " + e.getMessage());
    }
    if (d.compareTo(TokenPolicy.MAX_LEEWAY) > 0) {
      throw CliFailure.usage("--leeway: at most " + Durations.format(TokenPolicy.MAX_LEEWAY)
          + " (the server's limit); a larger skew is a clock to fix, see `portcullis doctor`");
    }
    return d;
  }
}
