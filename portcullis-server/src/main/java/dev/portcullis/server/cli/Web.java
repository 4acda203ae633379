package dev.portcullis.server.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * HTTP for the commands that talk to a server: {@link java.net.http.HttpClient} (no other HTTP
 * dependency), bounded timeouts, no redirects followed (a check must see what the server answers),
 * and every transport failure turned into one {@link CliFailure} line naming the host.
 */
public final class Web {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

  /** An http(s) URL with a host, without user info, query or fragment; trailing slashes dropped. */
  public static URI base(String option, String text) {
    if (text == null || text.isBlank()) {
      throw CliFailure.usage(option + " is required: the server's URL, like https://auth.example.com");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw CliFailure.usage(option + ": '" + text + "' is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw CliFailure.usage(option + ": '" + text + "' is not an http(s) URL with a host, like https://auth.example.com");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw CliFailure.usage(option + ": '" + text + "' must not carry user info, a query or a fragment");
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }

  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("User-Agent", "portcullis-cli");
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable(request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.UNREACHABLE, "interrupted while waiting for " + hostOf(request.uri()));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("cannot send to " + request.uri() + ": " + e.getMessage());
    }
  }

  private static CliFailure unreachable(URI uri, IOException e) {
    String why;
    if (e instanceof HttpConnectTimeoutException) {
      why = "no connection within " + TIMEOUT.toSeconds() + " s";
    } else if (e instanceof HttpTimeoutException) {
      why = "no answer within " + TIMEOUT.toSeconds() + " s";
    } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      why = "connection refused (is the server running, on this port?)";
    } else if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
      why = "unknown host";
    } else if (e instanceof SSLException || e.getCause() instanceof SSLException) {
      why = "TLS failed: " + e.getMessage();
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new CliFailure(ExitCodes.UNREACHABLE, "cannot reach " + hostOf(uri) + ": " + why);
  }

  private static String hostOf(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
