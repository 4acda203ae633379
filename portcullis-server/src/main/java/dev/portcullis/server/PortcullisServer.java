package dev.portcullis.server;

import dev.portcullis.server.http.ApiKeyBearer;
import dev.portcullis.server.http.Authenticator;
import dev.portcullis.server.http.Cors;
import dev.portcullis.server.http.Cookies;
import dev.portcullis.server.http.ErrorHandling;
import dev.portcullis.server.http.JsonErrorHandler;
import dev.portcullis.server.http.JwtBearer;
import dev.portcullis.server.http.RequestMethods;
import dev.portcullis.server.http.CacheControl;
import dev.portcullis.server.routes.CheckRoutes;
import dev.portcullis.server.routes.ClientAdminRoutes;
import dev.portcullis.server.routes.TokenRoutes;
import dev.portcullis.server.http.RequestIds;
import dev.portcullis.server.http.Requests;
import io.javalin.router.Endpoint;
import dev.portcullis.server.routes.AccountRoutes;
import dev.portcullis.server.routes.ApiKeyRoutes;
import dev.portcullis.server.routes.AdminRoutes;
import dev.portcullis.server.routes.AuditRoutes;
import dev.portcullis.server.routes.HealthRoutes;
import dev.portcullis.server.routes.SessionRoutes;
import dev.portcullis.server.wiring.AccountFeature;
import dev.portcullis.server.wiring.SessionFeature;
import dev.portcullis.server.wiring.Stores;
import dev.portcullis.server.wiring.TokenFeature;
import dev.portcullis.server.wiring.LoginFeature;
import dev.portcullis.server.web.AuthorizeRoutes;
import dev.portcullis.server.web.FormCsrf;
import dev.portcullis.server.web.PageErrors;
import dev.portcullis.server.web.PageHeaders;
import dev.portcullis.server.web.PageRoutes;
import dev.portcullis.server.web.Pages;
import dev.portcullis.server.web.dashboard.DashboardRoutes;
import dev.portcullis.server.web.dashboard.ShownOnce;
import dev.portcullis.server.web.ReturnTo;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: routes over a {@link Registry}. Thin by design; the work is in the core. */
public final class PortcullisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PortcullisServer.class);
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final Registry registry;
  private final Javalin app;

  private PortcullisServer(Registry registry, Javalin app) {
    this.registry = registry;
    this.app = app;
  }

  public static PortcullisServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static PortcullisServer start(ServerConfig config, Clock clock) {
    Registry registry = Registry.open(config, clock);
    try {
      Javalin app = create(registry).start(config.host(), config.port());
      if (config.dev()) {
        LOG.warn("DEV MODE: session cookies are sent over plain HTTP (no Secure flag). Never use --dev in production.");
      } else if (!config.trustProxy()) {
        LOG.info("Session cookies are Secure: browsers send them only over HTTPS. Put TLS in front and pass "
            + "--trust-proxy, or use --dev for plain HTTP during development.");
      }
      if (config.crossSiteCookie()) {
        LOG.warn("--cookie-samesite none: browsers send the session cookie on requests from every site, so "
            + "SameSite no longer helps against CSRF. The Origin check (allowed: {}) and the X-CSRF-Token on "
            + "every unsafe request remain mandatory; prefer a same-site deployment or a BFF where you can.",
            String.join(", ", config.allowedOrigins()));
      }
      if (config.publicOrigin().isEmpty() && !config.dev()) {
        LOG.warn("Neither --public-url nor --issuer is set: the Origin check takes this server's own origin from "
            + "the request's Host header. Set --public-url to the URL browsers use.");
      }
      LOG.info("Portcullis listening on {}:{} ({} store)", config.host(), app.port(),
          config.postgresUrl().isPresent() ? "PostgreSQL" : "embedded H2 in " + config.dataDir());
      return new PortcullisServer(registry, app);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  private static Javalin create(Registry reg) {
    ServerConfig config = reg.config();
    Stores stores = reg.stores();
    AccountFeature accounts = reg.accounts();
    SessionFeature sessions = reg.sessions();
    TokenFeature tokens = reg.tokens();
    LoginFeature logins = reg.logins();
    Metrics metrics = reg.metrics();
    Clock clock = reg.clock();
    Requests requests = new Requests(config.trustProxy());
    Cookies cookies = new Cookies(config.cookieName(), !config.dev(), config.cookieSameSite());
    Authenticator authenticator = new Authenticator(sessions.service(), cookies, requests, sessions.origins(),
        config.adminToken(), List.of(new JwtBearer(tokens.accessTokens(), stores.accounts()),
            new ApiKeyBearer(reg.apiKeys().service(), stores.accounts(), requests)), stores.audit(), metrics,
        sessions.contextWatch(), clock);
    Pages pages = new Pages();
    FormCsrf formCsrf = new FormCsrf(sessions.formCsrfKey(), !config.dev(), sessions.service(), authenticator);
    ErrorHandling errors = new ErrorHandling(metrics, new PageErrors(pages));
    PageHeaders pageHeaders = new PageHeaders(requests);
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.http.maxRequestSize = config.maxBodyBytes();
      cfg.http.prefer405over404 = true;
      // virtual threads where the JDK has them; -Dportcullis.virtualThreads=false keeps Jetty's pool
      // (for comparison: docs/benchmarks.md, "Request threads")
      cfg.concurrency.useVirtualThreads = Runtime.version().feature() >= 21
          && !"false".equals(System.getProperty("portcullis.virtualThreads"));
      cfg.jetty.modifyHttpConfiguration(http -> {
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
      });
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      cfg.jetty.modifyServletContextHandler(h -> h.setMaxFormContentSize((int) config.maxBodyBytes()));
      cfg.jetty.modifyServletContextHandler(RequestMethods::install);
      errors.register(cfg.routes);
      cfg.routes.before(RequestIds::before);
      cfg.requestLogger.http((ctx, ms) -> {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        metrics.request(ctx.method().name(), matched == null ? "unmatched" : matched.path, ctx.statusCode(),
            (long) (ms * 1_000_000));
        RequestIds.clear();
      });
      Cors cors = new Cors(sessions.origins());
      cfg.routes.before(cors::before);
      cfg.routes.beforeMatched(authenticator::handle);
      cfg.routes.after(CacheControl::noStoreUnlessSet);
      cfg.routes.after(pageHeaders::after);
      new HealthRoutes(stores.readiness(), metrics).register(cfg.routes);
      new DashboardRoutes(pages, new DashboardRoutes.Services(sessions.service(), accounts.service(), logins.devices(),
          logins.passwordChange(), reg.apiKeys().service(), tokens.clients(), tokens.signingKeys(), stores.audit()),
          cookies, requests, new ShownOnce(sessions.formCsrfKey(), !config.dev())).register(cfg.routes);
      new AccountRoutes(accounts.service(), logins.passwordChange(), cookies, requests).register(cfg.routes);
      new SessionRoutes(logins.browserLogin(), sessions.service(), logins.devices(), cookies, requests, metrics)
          .register(cfg.routes);
      new AdminRoutes(accounts.service(), logins.devices(), requests).register(cfg.routes);
      new AuditRoutes(stores.audit()).register(cfg.routes);
      new TokenRoutes(tokens.service(), tokens.introspection(), tokens.clients(), accounts.service(),
          tokens.signingKeys(), tokens.policy(), requests).register(cfg.routes);
      new ClientAdminRoutes(tokens.clients(), tokens.signingKeys()).register(cfg.routes);
      new ApiKeyRoutes(reg.apiKeys().service(), requests).register(cfg.routes);
      new CheckRoutes(reg.forwardAuth(), cookies, requests, metrics).register(cfg.routes);
      AuthorizeRoutes authorize = new AuthorizeRoutes(tokens.clients(), tokens.codes(), authenticator,
          tokens.policy().issuer(), pages, sessions.service(), sessions.formCsrfKey(), stores.consents());
      authorize.register(cfg.routes);
      new PageRoutes(pages, formCsrf, authenticator, accounts.service(), logins.browserLogin(), sessions.service(),
          cookies, requests, metrics, authorize::formTarget, new ReturnTo(sessions.origins())).register(cfg.routes);
    });
    RequestMethods.headLikeGet(app.unsafe.internalRouter);
    return app;
  }

  public int port() {
    return app.port();
  }

  public Registry registry() {
    return registry;
  }

  /**
   * "METHOD /path" of every HTTP endpoint the app registered (filters such as before-handlers
   * excluded), path parameters written {@code {name}}. Read-only; for checks such as OpenApiIT.
   */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(parsed -> parsed.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
        .toList();
  }

  @Override
  public void close() {
    app.stop();
    registry.close();
  }
}
