package dev.portcullis.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.portcullis.sdk.AccessToken;
import dev.portcullis.sdk.TokenVerificationException;
import dev.portcullis.sdk.TokenVerifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The resource-server SDK's {@link TokenVerifier#verify}, per algorithm, with its verified-token
 * cache ({@code cache=true}: SHA-256 of the token, map lookup, time and key-still-published checks)
 * and without ({@code cache=false}, {@code cacheSize(0)}: parse, checks and signature every time).
 * 256 distinct Portcullis-shaped tokens (RFC 9068 claims, 10-minute lifetime) are verified
 * round-robin; the JWKS comes from a local HTTP server once, in {@code @Setup}, and stays cached
 * for its {@code max-age=300} throughout. Single thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class TokenVerifierBenchmark {
  private static final String ISSUER = "https://auth.bench.example";
  private static final String AUDIENCE = "https://api.bench.example";
  private static final int POOL = 256;

  @Param({"ES256", "EdDSA", "RS256"})
  public String alg;

  @Param({"true", "false"})
  public boolean cache;

  private HttpServer jwks;
  private TokenVerifier verifier;
  private String[] tokens;

  @Setup
  public void setUp() throws Exception {
    String kid = UUID.randomUUID().toString();
    JWK key;
    JWSSigner signer;
    switch (alg) {
      case "ES256" -> {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
        key = ec;
        signer = new ECDSASigner(ec);
      }
      case "EdDSA" -> {
        OctetKeyPair okp = new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).algorithm(JWSAlgorithm.EdDSA)
            .keyUse(KeyUse.SIGNATURE).generate();
        key = okp;
        signer = new Ed25519Signer(okp);
      }
      default -> {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).generate();
        key = rsa;
        signer = new RSASSASigner(rsa);
      }
    }
    byte[] body = new JWKSet(key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/.well-known/jwks.json", ex -> {
      ex.getResponseHeaders().add("Cache-Control", "public, max-age=300");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    jwks.start();
    verifier = TokenVerifier.builder(ISSUER).audience(AUDIENCE)
        .jwksUri(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json"))
        .cacheSize(cache ? 10_000 : 0).build();

    Instant now = Instant.now();
    tokens = new String[POOL];
    for (int i = 0; i < POOL; i++) {
      JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("u_" + i).audience(AUDIENCE)
          .claim("client_id", "c_bench").claim("scope", "orders:read").claim("sid", "f_" + i).claim("tv", 0L)
          .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
          .expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID(kid)
          .type(new JOSEObjectType("at+jwt")).build(), claims);
      jwt.sign(signer);
      tokens[i] = jwt.serialize();
      verifier.verify(tokens[i]); // fills the cache when on; throws if anything is wrong
    }
  }

  @TearDown
  public void tearDown() {
    jwks.stop(0);
  }

  @Benchmark
  public AccessToken verify() throws TokenVerificationException {
    return verifier.verify(tokens[ThreadLocalRandom.current().nextInt(POOL)]);
  }
}
