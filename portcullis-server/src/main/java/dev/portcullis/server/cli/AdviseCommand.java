package dev.portcullis.server.cli;

import dev.portcullis.server.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The decision tree ({@link Advisor}) from flags, or from a few questions at a terminal. */
@Command(name = "advise", mixinStandardHelpOptions = true,
    description = {"Recommend an authentication model for a client, the risks to handle, and the Portcullis settings to use.",
        "On a terminal without flags it asks a few questions instead.",
        "Exit codes: 0 advice printed, 2 bad flags (or no --client when not on a terminal)."})
public final class AdviseCommand extends CliCommand {
  @Option(names = "--client", paramLabel = "KIND",
      description = "browser, spa-same-site, spa-cross-site, mobile, public-api, service or hybrid.")
  String client;

  @Option(names = "--frontend-domain", paramLabel = "DOMAIN", description = "Where the web front-end is served, e.g. app.example.com.")
  String frontendDomain;

  @Option(names = "--api-domain", paramLabel = "DOMAIN", description = "Where the API and Portcullis are served, e.g. api.example.com.")
  String apiDomain;

  @Option(names = "--instances", paramLabel = "N", description = "How many server instances will run (default 1).")
  Integer instances;

  @Option(names = "--needs-instant-revocation", description = "A logout, ban or revoked key must take effect at the next request.")
  boolean instantRevocation;

  @Override
  public Integer call() throws Exception {
    boolean noFlags = client == null && frontendDomain == null && apiDomain == null && instances == null && !instantRevocation;
    Advisor.Answers answers = noFlags && context.terminal() && !json ? ask() : fromFlags();
    Advice advice = Advisor.advise(answers);
    PrintWriter out = out();
    if (json) {
      out.println(Json.MAPPER.writeValueAsString(advice));
    } else {
      print(out, style(), advice);
    }
    return ExitCodes.OK;
  }

  private Advisor.Answers fromFlags() {
    if (client == null) {
      throw CliFailure.usage("--client is required (one of " + Advisor.Client.names() + "); run on a terminal without flags to be asked");
    }
    int n = instances == null ? 1 : instances;
    if (n < 1 || n > 10_000) {
      throw CliFailure.usage("--instances: " + n + " is not a number of instances (1 to 10000)");
    }
    return new Advisor.Answers(Advisor.Client.of(client), domain("--frontend-domain", frontendDomain),
        domain("--api-domain", apiDomain), n, instantRevocation);
  }

  private static String domain(String flag, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String host = Advisor.host(value);
    if (!host.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
      throw CliFailure.usage(flag + ": '" + value + "' is not a domain like app.example.com");
    }
    return host;
  }

  private Advisor.Answers ask() throws IOException {
    PrintWriter out = out();
    BufferedReader in = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8));
    out.println("What will sign users in (or call your API)?");
    Advisor.Client[] kinds = Advisor.Client.values();
    for (int i = 0; i < kinds.length; i++) {
      out.println("  " + (i + 1) + ") " + kinds[i].wire + ": " + kinds[i].meaning);
    }
    Advisor.Client kind = null;
    while (kind == null) {
      String a = prompt(out, in, "Choose 1-" + kinds.length + ": ");
      try {
        int i = Integer.parseInt(a.trim());
        kind = i >= 1 && i <= kinds.length ? kinds[i - 1] : null;
      } catch (NumberFormatException e) {
        kind = java.util.Arrays.stream(kinds).filter(k -> k.wire.equals(a.trim())).findFirst().orElse(null);
      }
    }
    String front = null;
    String api = null;
    if (List.of(Advisor.Client.SPA_SAME_SITE, Advisor.Client.SPA_CROSS_SITE, Advisor.Client.BROWSER, Advisor.Client.HYBRID).contains(kind)) {
      front = domain("front-end domain", prompt(out, in, "Domain of the web front-end (e.g. app.example.com; empty to skip): "));
      api = domain("API domain", prompt(out, in, "Domain of the API / Portcullis (e.g. api.example.com; empty to skip): "));
    }
    Integer n = null;
    while (n == null) {
      String a = prompt(out, in, "How many server instances (default 1)? ");
      try {
        n = a.isBlank() ? 1 : Integer.parseInt(a.trim());
        n = n >= 1 && n <= 10_000 ? n : null;
      } catch (NumberFormatException e) {
        n = null;
      }
    }
    String r = prompt(out, in, "Must a logout or ban take effect at the very next request? [y/N] ");
    out.println();
    return new Advisor.Answers(kind, front, api, n, r.trim().toLowerCase().startsWith("y"));
  }

  private static String prompt(PrintWriter out, BufferedReader in, String question) throws IOException {
    out.print(question);
    out.flush();
    String line = in.readLine();
    if (line == null) {
      throw CliFailure.usage("no answer (end of input); pass flags instead, see portcullis advise --help");
    }
    return line;
  }

  private static void print(PrintWriter out, Style style, Advice a) {
    out.println(style.bold("Recommended for " + a.client() + ": " + a.model()));
    section(out, style, "Why", a.why());
    section(out, style, "Configure Portcullis", a.configure());
    section(out, style, "Risks to handle", a.risks());
    out.println(style.bold("Common mistakes"));
    for (Advice.Mistake m : a.mistakes()) {
      out.println(m.detected() ? "  " + style.fail("! DETECTED in your answers: ") + m.text() : "  - " + m.text());
    }
  }

  private static void section(PrintWriter out, Style style, String title, List<String> lines) {
    out.println(style.bold(title));
    lines.forEach(l -> out.println("  - " + l));
  }
}
