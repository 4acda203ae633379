package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.server.http.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The shared part of every command that calls the admin API: where (--url or PORTCULLIS_URL), with
 * what (the admin token from PORTCULLIS_ADMIN_TOKEN, --admin-token, or a prompt without echo; it is
 * never printed), and how to print (a table, or --json for scripts).
 */
abstract class AdminCommand extends CliCommand {
  @Option(names = "--url", paramLabel = "URL",
      description = "The server, e.g. https://auth.example.com (or PORTCULLIS_URL).")
  String url;

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      description = "The server's admin token. Prefer PORTCULLIS_ADMIN_TOKEN: a flag shows in ps and shell history.")
  String adminToken;

  @Override
  public Integer call() throws Exception {
    var base = Web.base("--url", url != null ? url : context.env("PORTCULLIS_URL"));
    String token = adminToken != null && !adminToken.isBlank() ? adminToken.trim() : context.env("PORTCULLIS_ADMIN_TOKEN");
    if (token == null && context.terminal() && System.console() != null) {
      char[] t = System.console().readPassword("Admin token: ");
      token = t == null || t.length == 0 ? null : new String(t);
    }
    if (token == null) {
      throw CliFailure.usage("no admin token: set PORTCULLIS_ADMIN_TOKEN (or --admin-token)");
    }
    return run(new AdminApi(new Web(), base, token), out());
  }

  abstract int run(AdminApi api, PrintWriter out) throws Exception;

  /** The answer as JSON with --json; else {@code human} prints it. */
  int print(PrintWriter out, JsonNode answer, Runnable human) throws Exception {
    if (json) {
      out.println(answer == null ? "{}" : Json.MAPPER.writeValueAsString(answer));
    } else {
      human.run();
    }
    return ExitCodes.OK;
  }

  /** An array of objects as aligned columns (missing fields as -). */
  static void table(PrintWriter out, JsonNode rows, String... columns) {
    if (rows == null || !rows.isArray() || rows.isEmpty()) {
      out.println("(none)");
      return;
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(columns);
    for (JsonNode row : rows) {
      String[] cells = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        JsonNode v = row.get(columns[i]);
        cells[i] = v == null || v.isNull() ? "-" : v.isArray() || v.isObject() ? join(v) : v.asText();
      }
      lines.add(cells);
    }
    int[] width = new int[columns.length];
    lines.forEach(l -> {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    });
    for (String[] l : lines) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < l.length; i++) {
        sb.append(i == l.length - 1 ? l[i] : l[i] + " ".repeat(width[i] - l[i].length() + 2));
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String join(JsonNode v) {
    if (!v.isArray()) {
      return v.toString();
    }
    List<String> parts = new ArrayList<>();
    v.forEach(e -> parts.add(e.asText()));
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }
}
