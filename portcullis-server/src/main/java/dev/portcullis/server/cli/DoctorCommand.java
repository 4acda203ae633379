package dev.portcullis.server.cli;

import dev.portcullis.server.http.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis doctor URL}: {@link Doctor}'s checks as a PASS / WARN / FAIL table. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check a live deployment and print PASS / WARN / FAIL with the reason and the fix.",
        "Checks HTTPS and HSTS, clock, RFC 8414 metadata, JWKS, 401 challenges, CORS, the login's Set-Cookie",
        "(with --email and a password) and the access-token lifetime (with --client-id too).",
        "The password comes from PORTCULLIS_DOCTOR_PASSWORD, --password-stdin, or a prompt without echo; never a flag.",
        "Doctor logs in once and logs out again (and revokes the app login it opened).",
        "Exit codes: 0 no FAIL, 1 at least one FAIL, 2 bad flags or URL, 3 server unreachable."})
public final class DoctorCommand extends CliCommand {
  @Parameters(paramLabel = "URL", description = "The server as clients reach it, e.g. https://auth.example.com.")
  String url;

  @Option(names = "--email", description = "A test user to log in as (for the cookie and token checks).")
  String email;

  @Option(names = "--password-stdin", description = "Read the test user's password from the first line of stdin.")
  boolean passwordStdin;

  @Option(names = "--client-id", description = "A mobile client, to obtain an access token and check its lifetime and signature.")
  String clientId;

  @Override
  public Integer call() throws Exception {
    URI base = Web.base("URL", url);
    Optional<Doctor.Login> login = Optional.empty();
    if (email != null) {
      String password = Secrets.password(context, passwordStdin, "PORTCULLIS_DOCTOR_PASSWORD", "Password for " + email + ": ");
      if (password == null) {
        throw CliFailure.usage("--email needs a password: set PORTCULLIS_DOCTOR_PASSWORD or pass --password-stdin");
      }
      login = Optional.of(new Doctor.Login(email, password));
    } else if (passwordStdin) {
      throw CliFailure.usage("--password-stdin needs --email");
    }
    List<Finding> findings = new Doctor(new Web(), base, context.clock(), login, Optional.ofNullable(clientId)).run();
    PrintWriter out = out();
    boolean failed = findings.stream().anyMatch(f -> f.status() == Finding.Status.FAIL);
    if (json) {
      out.println(Json.MAPPER.writeValueAsString(Map.of("url", base.toString(), "ok", !failed, "findings", findings)));
    } else {
      print(out, style(), findings);
    }
    return failed ? ExitCodes.PROBLEM : ExitCodes.OK;
  }

  private static void print(PrintWriter out, Style style, List<Finding> findings) {
    int width = findings.stream().mapToInt(f -> f.check().length()).max().orElse(10);
    for (Finding f : findings) {
      String status = switch (f.status()) {
        case PASS -> style.pass("PASS");
        case WARN -> style.warn("WARN");
        case FAIL -> style.fail("FAIL");
      };
      out.println(status + "  " + f.check() + " ".repeat(width - f.check().length() + 2) + f.reason());
      if (!f.fix().isEmpty() && f.status() != Finding.Status.PASS) {
        out.println(" ".repeat(6 + width + 2) + style.dim("fix: " + f.fix()));
      }
    }
    long fails = findings.stream().filter(f -> f.status() == Finding.Status.FAIL).count();
    long warns = findings.stream().filter(f -> f.status() == Finding.Status.WARN).count();
    out.println();
    out.println((fails > 0 ? style.fail(fails + " FAIL") : style.pass("0 FAIL")) + ", " + warns + " WARN, "
        + (findings.size() - fails - warns) + " PASS");
  }
}
