package dev.portcullis.server.http;

import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * A request is routed and judged by the method on its request line, nothing else.
 *
 * <p>Javalin's {@code Context.method()} honours {@code X-HTTP-Method-Override}: a GET carrying it
 * reached the logout route, and a POST turned into a GET skipped the Origin and CSRF checks. This
 * filter hides every method-override header before Javalin sees the request ({@code _method}
 * fields and parameters are honoured by nothing here).
 *
 * <p>Javalin answers HEAD for a GET route itself, 200 without running the route's access rule.
 * {@link #headLikeGet} registers each GET route's handler and roles for HEAD as well, so HEAD is
 * authenticated exactly as GET and answers GET's headers (RFC 9110 §9.3.2); a path with no GET
 * stays 405.
 */
public final class RequestMethods implements Filter {
  private static final Set<String> OVERRIDES = Set.of("x-http-method-override", "x-http-method", "x-method-override");

  public static void install(ServletContextHandler handler) {
    handler.addFilter(new FilterHolder(new RequestMethods()), "/*", EnumSet.of(DispatcherType.REQUEST));
  }

  /** Call once every route is registered. */
  public static void headLikeGet(InternalRouter router) {
    for (ParsedEndpoint parsed : List.copyOf(router.allHttpHandlers())) {
      Endpoint get = parsed.endpoint;
      if (get.method == HandlerType.GET && !router.hasHttpHandlerEntry(HandlerType.HEAD, get.path)) {
        Roles roles = get.metadata(Roles.class);
        Set<EndpointMetadata> metadata = roles == null ? Set.of() : Set.of(roles);
        router.addHttpEndpoint(new Endpoint(HandlerType.HEAD, get.path, get.handler, metadata));
      }
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    boolean overridden = false;
    for (String name : OVERRIDES) {
      overridden |= http.getHeader(name) != null;
    }
    chain.doFilter(overridden ? new WithoutOverrides(http) : request, response);
  }

  private static final class WithoutOverrides extends HttpServletRequestWrapper {
    WithoutOverrides(HttpServletRequest request) {
      super(request);
    }

    private static boolean hidden(String name) {
      return name != null && OVERRIDES.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String getHeader(String name) {
      return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(n -> !hidden(n)).toList());
    }
  }
}
