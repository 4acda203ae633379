package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.server.http.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Shows what a token says, and that nothing it says is to be believed until it is verified. */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = {"Print a JWT's header and claims, times in human form. Checks NOTHING: anyone can write a token that decodes.",
        "Exit codes: 0 decoded, 2 not a JWT."})
public final class JwtDecodeCommand extends CliCommand {
  static final String BANNER = "NOT VERIFIED: anyone can write these claims. Trust them only after `portcullis jwt verify`.";

  @Parameters(paramLabel = "TOKEN", description = "The JWT, or - to read it from stdin.")
  String token;

  @Override
  public Integer call() throws Exception {
    JwtParts parts = JwtParts.parse(Secrets.tokenArgument(token, context));
    PrintWriter out = out();
    if (json) {
      ObjectNode node = Json.MAPPER.createObjectNode().put("verified", false).put("kind", parts.kind().name().toLowerCase());
      node.set("header", Json.MAPPER.valueToTree(parts.header()));
      node.set("claims", Json.MAPPER.valueToTree(parts.claims()));
      out.println(Json.MAPPER.writeValueAsString(node));
      return ExitCodes.OK;
    }
    Style style = style();
    out.println(style.warn(BANNER));
    print(out, style, "header", parts.header(), context.clock().instant());
    switch (parts.kind()) {
      case ENCRYPTED -> out.println("claims: encrypted (JWE); only the holder of the decryption key can read them");
      case UNSECURED -> {
        out.println(style.fail("alg is none: this token is unsigned; no verifier may accept it"));
        print(out, style, "claims", parts.claims(), context.clock().instant());
      }
      case SIGNED -> print(out, style, "claims", parts.claims(), context.clock().instant());
    }
    return ExitCodes.OK;
  }

  static void print(PrintWriter out, Style style, String title, Map<String, Object> values, Instant now) {
    out.println(style.bold(title));
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    values.forEach((k, v) -> out.println("  " + k + " ".repeat(width - k.length() + 2) + JwtParts.describe(k, v, now)));
  }
}
