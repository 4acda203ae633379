package dev.portcullis.bench;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.account.InMemoryAccountStore;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.session.InMemorySessionStore;
import dev.portcullis.session.Session;
import dev.portcullis.session.SessionPolicy;
import dev.portcullis.session.SessionService;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.jdbc.JdbcAccountStore;
import dev.portcullis.store.jdbc.JdbcAuditLog;
import dev.portcullis.store.jdbc.JdbcDatabase;
import dev.portcullis.store.jdbc.JdbcSessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * In-process cost of resolving a session cookie: SHA-256 of the secret, a session lookup by hash,
 * an account lookup by id. Within the touch interval this path writes nothing, so the figure is the
 * read cost of each store; {@code memory} is the baseline that shows how much of it is the store.
 * No HTTP, no Javalin: only {@link SessionService}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SessionValidationBenchmark {

  /** One account with {@link #sessions} live sessions in the chosen store. */
  @State(Scope.Benchmark)
  public static class Stores {
    /** memory: the core's in-memory stores; h2-mem: JDBC on in-memory H2; h2-file: JDBC on an H2 file. */
    @Param({"memory", "h2-mem", "h2-file"})
    public String store;

    @Param({"10000"})
    public int sessions;

    SessionService service;
    String[] tokens;
    private JdbcDatabase db;
    private Path dataDir;
    private SessionStore sessionStore;

    @Setup
    public void setUp() throws IOException {
      Clock clock = Clock.systemUTC();
      AccountStore accounts;
      AuditLog audit;
      switch (store) {
        case "memory" -> {
          sessionStore = new InMemorySessionStore(clock);
          accounts = new InMemoryAccountStore();
          audit = new InMemoryAuditLog();
        }
        case "h2-mem", "h2-file" -> {
          if (store.equals("h2-mem")) {
            db = JdbcDatabase.inMemory("bench" + System.nanoTime());
          } else {
            dataDir = Files.createTempDirectory("portcullis-bench-");
            db = JdbcDatabase.embedded(dataDir.resolve("data"));
          }
          sessionStore = new JdbcSessionStore(db.dataSource(), clock);
          accounts = new JdbcAccountStore(db.dataSource());
          audit = new JdbcAuditLog(db.dataSource());
        }
        default -> throw new IllegalArgumentException("unknown store " + store);
      }
      service = newService(sessionStore, accounts, audit, clock);

      Account account = new Account(Tokens.handle("u_"), "bench@example.com",
          "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
          Set.of("user"), 0, 0, clock.instant());
      accounts.create(account);

      // Issued half an hour "ahead", so lastSeenAt stays within the 1-minute touch interval for any
      // run shorter than that: every validation below takes the read-only path.
      SessionService issuer = newService(sessionStore, accounts, audit,
          Clock.offset(clock, Duration.ofMinutes(30)));
      Device device = new Device("203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) portcullis-bench");
      tokens = new String[sessions];
      for (int i = 0; i < sessions; i++) {
        tokens[i] = issuer.create(account, clock.instant(), device).token();
      }
    }

    @TearDown
    public void tearDown() throws IOException {
      // a sanity check that the measured path really was the read-only one
      Session sample = service.validate(tokens[0]).session();
      if (!sample.lastSeenAt().equals(sample.createdAt())) {
        System.err.println("WARNING: sessions were touched during the run; figures include writes");
      }
      if (db != null) {
        db.close();
      }
      if (dataDir != null) {
        try (Stream<Path> files = Files.walk(dataDir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** A session in memory and the service's HMAC key; no store is involved in CSRF checks. */
  @State(Scope.Benchmark)
  public static class Csrf {
    SessionService service;
    Session session;
    String good;
    String bad;

    @Setup
    public void setUp() {
      Clock clock = Clock.systemUTC();
      InMemoryAccountStore accounts = new InMemoryAccountStore();
      service = newService(new InMemorySessionStore(clock), accounts, new InMemoryAuditLog(), clock);
      Account account = new Account(Tokens.handle("u_"), "csrf@example.com", "x", Set.of(), 0, 0,
          clock.instant());
      accounts.create(account);
      session = service.create(account, clock.instant(), Device.UNKNOWN).session();
      good = service.csrfToken(session);
      // same length, differs in the last character: the compare reads every byte either way
      char last = good.charAt(good.length() - 1);
      bad = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
  }

  static SessionService newService(
      SessionStore store, AccountStore accounts, AuditLog audit, Clock clock) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new SessionService(store, accounts, audit, clock, SessionPolicy.DEFAULT, new Hmac(key));
  }

  /** Validates a random existing session (the sessions table holds {@code sessions} rows). */
  @Benchmark
  public SessionService.Validated validate(Stores s) {
    return s.service.validate(s.tokens[ThreadLocalRandom.current().nextInt(s.tokens.length)]);
  }

  /** Derives the session's CSRF token (HMAC-SHA256 of its id). */
  @Benchmark
  public String csrfToken(Csrf c) {
    return c.service.csrfToken(c.session);
  }

  /** Checks a submitted CSRF token: a derivation plus a constant-time compare. */
  @Benchmark
  public boolean csrfMatches(Csrf c) {
    return c.service.csrfMatches(c.session, c.good);
  }

  /** The same with a wrong token of the same length (must cost the same as a match). */
  @Benchmark
  public boolean csrfMismatch(Csrf c) {
    return c.service.csrfMatches(c.session, c.bad);
  }
}
