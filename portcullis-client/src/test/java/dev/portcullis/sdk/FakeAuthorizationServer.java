package dev.portcullis.sdk;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A JWKS and introspection endpoint on 127.0.0.1 for the SDK's unit tests of its caches, with keys
 * it signs with and counters of what it was asked. The SDK's behaviour against a real Portcullis is
 * tested in portcullis-server (PortcullisClientIT).
 */
final class FakeAuthorizationServer implements AutoCloseable {
  static final String ISSUER = "https://auth.test";
  static final String AUDIENCE = "https://api.test";

  final HttpServer http;
  final List<RSAKey> keys = new CopyOnWriteArrayList<>();
  final AtomicInteger jwksFetches = new AtomicInteger();
  final AtomicInteger introspections = new AtomicInteger();
  volatile String cacheControl = "public, max-age=300";
  volatile int jwksStatus = 200;
  volatile int introspectionStatus = 200;
  volatile String introspectionAnswer = "{\"active\":false}";
  /** When set, the JWKS endpoint holds each request until it is counted down. */
  volatile java.util.concurrent.CountDownLatch jwksGate;
  /** When set, the introspection endpoint holds each request until it is counted down. */
  volatile java.util.concurrent.CountDownLatch introspectionGate;
  volatile String lastAuthorization;
  volatile String lastForm;

  FakeAuthorizationServer() throws IOException {
    keys.add(newKey());
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/.well-known/jwks.json", this::jwks);
    http.createContext("/v1/token/introspect", this::introspect);
    http.start();
  }

  static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.RS256)
          .keyUse(KeyUse.SIGNATURE).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  URI jwksUri() {
    return base().resolve("/.well-known/jwks.json");
  }

  private void jwks(HttpExchange ex) throws IOException {
    jwksFetches.incrementAndGet();
    hold(jwksGate);
    byte[] body = new JWKSet(List.copyOf(keys)).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
    if (cacheControl != null) {
      ex.getResponseHeaders().add("Cache-Control", cacheControl);
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(jwksStatus, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private void introspect(HttpExchange ex) throws IOException {
    introspections.incrementAndGet();
    hold(introspectionGate);
    lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
    lastForm = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    byte[] body = introspectionAnswer.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(introspectionStatus, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private static void hold(java.util.concurrent.CountDownLatch gate) {
    if (gate != null) {
      try {
        gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The claims of a user's token as Portcullis issues it, valid from {@code now} for 10 minutes. */
  static JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder().issuer(ISSUER).subject("u_alice").audience(AUDIENCE)
        .claim("client_id", "c_mobile").claim("scope", "orders:read").claim("sid", "f_1").claim("tv", 1L)
        .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
  }

  String sign(Instant now) {
    return sign(keys.get(0), h -> h, claims(now).build());
  }

  static String sign(RSAKey key, UnaryOperator<JWSHeader.Builder> header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header.apply(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
          .type(new JOSEObjectType("at+jwt"))).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
