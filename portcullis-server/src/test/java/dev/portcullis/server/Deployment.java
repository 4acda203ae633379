package dev.portcullis.server;

import dev.portcullis.testkit.MutableClock;
import java.util.function.UnaryOperator;

/**
 * The server(s) a scenario drives: one embedded instance, or two instances over one PostgreSQL and
 * one Redis ({@link TwoInstances}). {@link #a()} and {@link #b()} are the same base URL when there
 * is one instance, so a scenario written for two runs unchanged on one.
 */
interface Deployment extends AutoCloseable {
  /** The first instance's base URL. */
  String a();

  /** The second instance's base URL; {@link #a()} when there is only one. */
  String b();

  /** The one clock every instance runs on. */
  MutableClock clock();

  @Override
  void close();

  default Browser admin(String base) {
    return adminAt(base);
  }

  /** A client holding the admin token, for the server at {@code base}. */
  static Browser adminAt(String base) {
    return new Browser(base).header("Authorization", "Bearer " + ServerHarness.ADMIN_TOKEN);
  }

  /** One instance over a fresh embedded store. */
  static Deployment embedded(UnaryOperator<ServerConfig.Builder> customize) {
    ServerHarness h = new ServerHarness(customize);
    return new Deployment() {
      @Override public String a() { return h.base; }
      @Override public String b() { return h.base; }
      @Override public MutableClock clock() { return h.clock; }
      @Override public void close() { h.close(); }
    };
  }
}
