package dev.portcullis.bench;

import com.nimbusds.jwt.SignedJWT;
import dev.portcullis.account.Account;
import dev.portcullis.account.InMemoryAccountStore;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.token.AccessTokenIssuer;
import dev.portcullis.token.AccessTokenVerifier;
import dev.portcullis.token.InMemoryDenyList;
import dev.portcullis.token.InMemorySigningKeyStore;
import dev.portcullis.token.JwsSignatureCheck;
import dev.portcullis.token.SigningAlgorithm;
import dev.portcullis.token.SigningKeys;
import dev.portcullis.token.TokenPolicy;
import dev.portcullis.token.TokenVersionCache;
import dev.portcullis.token.VerifiedAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of an access token per signing algorithm, with the core's own classes (Nimbus underneath):
 *
 * <ul>
 *   <li>{@code sign}: {@link AccessTokenIssuer#issueForUser}, i.e. claims, {@code jti}, signature
 *       and serialisation: what every login, password grant and refresh pays once.
 *   <li>{@code verifySignature}: {@link JwsSignatureCheck#verify} (parse, allow-list, key by
 *       {@code kid}, signature), which has no cache: what the first sight of a token costs, and
 *       what a resource server without a cache pays on every request.
 *   <li>{@code verifyCached}: {@link AccessTokenVerifier#verify} of tokens it has already verified
 *       (its bounded cache hit): expiry, audience, key still published, deny list, token version.
 * </ul>
 *
 * <p>Keys are generated in {@code @Setup} (RS256 is 2048-bit); single thread; in-memory stores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class TokenSigningBenchmark {
  private static final String ISSUER = "https://auth.bench.example";
  /** Distinct tokens verified round-robin; well under the verifier's 10,000-entry cache. */
  private static final int POOL = 256;

  @Param({"ES256", "EdDSA", "RS256"})
  public String alg;

  private AccessTokenIssuer issuer;
  private AccessTokenVerifier verifier;
  private SigningKeys keys;
  private int maxTokenBytes;
  private Account account;
  private Client client;
  private String[] tokens;

  @Setup
  public void setUp() {
    Clock clock = Clock.systemUTC();
    // access tokens live 10 minutes by default: longer than any bounded run of one @Param value
    TokenPolicy policy = TokenPolicy.defaults(ISSUER).withAlgorithm(SigningAlgorithm.of(alg));
    maxTokenBytes = policy.maxTokenBytes();
    keys = new SigningKeys(new InMemorySigningKeyStore(clock), policy, clock, null);
    keys.load();
    issuer = new AccessTokenIssuer(keys, policy, clock);

    InMemoryAccountStore accounts = new InMemoryAccountStore();
    account = new Account(Tokens.handle("u_"), "bench@example.com", "$argon2id$unused", Set.of("user"), 0, 0,
        clock.instant());
    accounts.create(account);
    client = new Client(Tokens.handle("c_"), "bench-mobile", ClientType.MOBILE, null, null, Set.of(),
        clock.instant());
    verifier = new AccessTokenVerifier(keys, policy, new InMemoryDenyList(clock),
        new TokenVersionCache(accounts, clock, Duration.ofSeconds(1)), clock);

    tokens = new String[POOL];
    for (int i = 0; i < POOL; i++) {
      tokens[i] = issuer.issueForUser(account, client, Set.of(), Tokens.handle("f_")).token();
      verifier.verify(tokens[i]); // fills the cache for verifyCached; throws if anything is wrong
    }
    String t = tokens[0];
    System.out.println("# " + alg + " access token: " + t.length() + " characters, signature "
        + (t.length() - t.lastIndexOf('.') - 1) + " characters (base64url)");
  }

  @Benchmark
  public String sign() {
    return issuer.issueForUser(account, client, Set.of(), "f_bench").token();
  }

  @Benchmark
  public SignedJWT verifySignature() {
    String token = tokens[ThreadLocalRandom.current().nextInt(POOL)];
    return JwsSignatureCheck.verify(token, maxTokenBytes, h -> keys.verificationKey(h.getKeyID()));
  }

  @Benchmark
  public VerifiedAccessToken verifyCached() {
    return verifier.verify(tokens[ThreadLocalRandom.current().nextInt(POOL)]);
  }
}
