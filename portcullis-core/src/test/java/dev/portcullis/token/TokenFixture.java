package dev.portcullis.token;

import dev.portcullis.TestClock;
import dev.portcullis.account.Account;
import dev.portcullis.auth.Device;
import dev.portcullis.client.Client;
import dev.portcullis.client.ClientService;
import dev.portcullis.client.ClientType;
import dev.portcullis.client.GrantType;
import dev.portcullis.client.InMemoryClientStore;
import dev.portcullis.crypto.Tokens;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Every token component wired over in-memory stores and one movable clock. */
public final class TokenFixture {
  public static final String ISSUER = "https://auth.example";
  public static final Device PHONE = new Device("203.0.113.7", "Phone/1.0");
  public static final String REDIRECT = "http://127.0.0.1/callback";

  public final TestClock clock = new TestClock();
  public final FakeAccountStore accounts = new FakeAccountStore();
  public final RecordingAuditLog audit = new RecordingAuditLog();
  public final TokenPolicy policy;
  public final InMemorySigningKeyStore keyStore = new InMemorySigningKeyStore(clock);
  public final SigningKeys keys;
  public final InMemoryDenyList denyList = new InMemoryDenyList(clock);
  public final TokenVersionCache versions;
  public final AccessTokenIssuer issuer;
  public final AccessTokenVerifier verifier;
  public final InMemoryRefreshFamilyStore families = new InMemoryRefreshFamilyStore(clock);
  public final RefreshTokenService refreshTokens;
  public final InMemoryAuthorizationCodeStore codeStore = new InMemoryAuthorizationCodeStore(clock);
  public final AuthorizationCodes codes;
  public final TokenService tokens;
  public final ClientService clients = new ClientService(new InMemoryClientStore(), clock);
  public final Introspection introspection;

  public TokenFixture() {
    this(p -> p);
  }

  public TokenFixture(UnaryOperator<TokenPolicy> tweak) {
    policy = tweak.apply(TokenPolicy.defaults(ISSUER));
    keys = new SigningKeys(keyStore, policy, clock, null);
    keys.load();
    versions = new TokenVersionCache(accounts, clock, policy.tokenVersionTtl());
    issuer = new AccessTokenIssuer(keys, policy, clock);
    verifier = new AccessTokenVerifier(keys, policy, denyList, versions, clock);
    refreshTokens = new RefreshTokenService(families, accounts, issuer, denyList, audit, policy, clock);
    codes = new AuthorizationCodes(codeStore, refreshTokens, accounts, audit, clock);
    tokens = new TokenService(refreshTokens, issuer, verifier, denyList, policy, clock, codes);
    introspection = new Introspection(verifier, policy);
  }

  public Account user() {
    Account a = new Account(Tokens.handle("u_"), Tokens.random(6) + "@example.com", "hash", Set.of(), 0, 0,
        clock.instant());
    accounts.create(a);
    return a;
  }

  /**
   * A client of {@code type}; a mobile one opts in to the legacy password grant (most token tests
   * log in with it) besides the code flow, to {@link #REDIRECT}.
   */
  public Client client(ClientType type, String... scopes) {
    ClientService.Metadata metadata = type == ClientType.MOBILE
        ? new ClientService.Metadata(List.of(REDIRECT), EnumSet.of(GrantType.AUTHORIZATION_CODE,
            GrantType.PASSWORD, GrantType.REFRESH_TOKEN), null)
        : type.usesRedirects() ? new ClientService.Metadata(List.of(REDIRECT), null, null) : ClientService.Metadata.DEFAULTS;
    return clients.register(type, "test " + type.wireName(), null, Set.of(scopes), metadata).client();
  }

  /** A mobile login: the first pair of a new family. */
  public TokenResponse login(Account account, Client mobile) {
    return tokens.passwordGrant(mobile, account, null, PHONE);
  }
}
