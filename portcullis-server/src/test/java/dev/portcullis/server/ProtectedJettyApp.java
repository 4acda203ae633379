package dev.portcullis.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.sdk.PortcullisFilter;
import dev.portcullis.sdk.PortcullisPrincipal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A resource server in a real servlet container (Jetty 12 ee10, the one Javalin brings): the SDK's
 * {@link PortcullisFilter} on the paths given, in front of a servlet that answers what the request
 * carries (principal, remote user, role check, attribute).
 */
final class ProtectedJettyApp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  final String base;

  /** {@code filters}: path spec (e.g. {@code /orders/*}) to the filter protecting it. */
  ProtectedJettyApp(Map<String, PortcullisFilter> filters) {
    this(filters, Map.of());
  }

  /**
   * Also {@code configured}: path spec to the init parameters of a {@link PortcullisFilter} that the
   * container creates with its no-argument constructor, as a {@code web.xml} declaration does.
   */
  ProtectedJettyApp(Map<String, PortcullisFilter> filters, Map<String, Map<String, String>> configured) {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    filters.forEach((path, filter) -> context.addFilter(new FilterHolder(filter), path, EnumSet.of(DispatcherType.REQUEST)));
    configured.forEach((path, params) -> {
      FilterHolder holder = new FilterHolder(PortcullisFilter.class);
      holder.setInitParameters(params);
      context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
    });
    context.addServlet(new ServletHolder(new Echo()), "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  Browser browser() {
    return new Browser(base);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The protected resource: what a servlet behind the filter sees of its caller. */
  static final class Echo extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("principal", req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName());
      out.put("remote_user", req.getRemoteUser());
      out.put("auth_type", req.getAuthType());
      out.put("in_role_orders_read", req.isUserInRole("orders:read"));
      PortcullisPrincipal.of(req).ifPresent(p -> {
        out.put("subject", p.subject());
        out.put("client_id", p.clientId());
        out.put("scopes", new TreeSet<>(p.scopes()));
        out.put("jti", p.claims().get("jti"));
      });
      res.setContentType("application/json");
      JSON.writeValue(res.getOutputStream(), out);
    }
  }
}
