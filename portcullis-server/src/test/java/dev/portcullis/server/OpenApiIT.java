package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json describes exactly the routes the server registers, and is a self-contained
 * document: every operation answers something and every {@code $ref} resolves inside it.
 */
class OpenApiIT {
  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");
  /** Path-item keys that are operations (OpenAPI 3.1 section 4.8.9). */
  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Set<String> IGNORED = Set.of("HEAD", "OPTIONS");
  private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");

  static ServerHarness h;
  static JsonNode doc;

  @BeforeAll
  static void start() throws IOException {
    assertThat(DOCUMENT).as("the OpenAPI document, relative to the module directory").isRegularFile();
    doc = new ObjectMapper().readTree(Files.readAllBytes(DOCUMENT));
    h = ServerHarness.dev();
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void documentsExactlyTheRoutesTheServerRegisters() {
    Set<String> registered = new TreeSet<>();
    for (String route : h.server.routes()) {
      if (!IGNORED.contains(route.substring(0, route.indexOf(' ')))) {
        registered.add(route);
      }
    }
    assertThat(registered).as("routes read from the running server").contains("GET /healthz", "POST /v1/token");

    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : fields(doc.path("paths"))) {
      for (Map.Entry<String, JsonNode> item : fields(path.getValue())) {
        String method = item.getKey().toUpperCase(Locale.ROOT);
        if (OPERATIONS.contains(item.getKey()) && !IGNORED.contains(method)) {
          documented.add(method + " " + path.getKey());
        }
      }
    }

    Set<String> undocumented = new TreeSet<>(registered);
    undocumented.removeAll(documented);
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(registered);
    if (!undocumented.isEmpty() || !notServed.isEmpty()) {
      fail("docs/openapi.json and the server's routes differ (HEAD/OPTIONS ignored):\n"
          + "  registered by the server but missing from docs/openapi.json: " + undocumented + "\n"
          + "  in docs/openapi.json but not registered by the server: " + notServed);
    }
  }

  @Test
  void isOpenApi31AndEveryOperationHasResponsesAndDeclaresItsPathParameters() {
    List<String> problems = new ArrayList<>();
    if (!doc.path("openapi").asText().startsWith("3.1.")) {
      problems.add("openapi is \"" + doc.path("openapi").asText() + "\", expected 3.1.x");
    }
    if (fields(doc.path("paths")).isEmpty()) {
      problems.add("no paths");
    }
    for (Map.Entry<String, JsonNode> path : fields(doc.path("paths"))) {
      Set<String> templated = new TreeSet<>();
      Matcher m = TEMPLATE.matcher(path.getKey());
      while (m.find()) {
        templated.add(m.group(1));
      }
      for (Map.Entry<String, JsonNode> item : fields(path.getValue())) {
        if (!OPERATIONS.contains(item.getKey())) {
          continue;
        }
        String op = item.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
        JsonNode responses = item.getValue().path("responses");
        if (!responses.isObject() || responses.isEmpty()) {
          problems.add(op + " has no responses");
        }
        Set<String> declared = new TreeSet<>();
        for (JsonNode list : List.of(path.getValue().path("parameters"), item.getValue().path("parameters"))) {
          for (JsonNode p : list) {
            JsonNode param = resolve(p);
            if (param != null && "path".equals(param.path("in").asText())) {
              declared.add(param.path("name").asText());
            }
          }
        }
        if (!declared.equals(templated)) {
          problems.add(op + " declares path parameters " + declared + " but its path has " + templated);
        }
      }
    }
    if (!problems.isEmpty()) {
      fail("docs/openapi.json:\n  " + String.join("\n  ", problems));
    }
  }

  @Test
  void everyReferenceResolvesInsideTheDocument() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, "#", refs);
    assertThat(refs).as("references found").isNotEmpty();
    List<String> broken = new ArrayList<>();
    for (String entry : refs) {
      String[] at = entry.split(" -> ", 2);
      if (!at[1].startsWith("#/") || doc.at(at[1].substring(1)).isMissingNode()) {
        broken.add(at[1] + " (at " + at[0] + ")");
      }
    }
    if (!broken.isEmpty()) {
      fail("references that do not resolve inside docs/openapi.json:\n  " + String.join("\n  ", broken));
    }
  }

  /** Every {@code $ref} value and every discriminator mapping target, as "where -> target". */
  private static void collectRefs(JsonNode node, String where, List<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : fields(node)) {
        String here = where + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
        if ("$ref".equals(f.getKey()) && f.getValue().isTextual()) {
          out.add(where + " -> " + f.getValue().textValue());
        } else if ("mapping".equals(f.getKey()) && where.endsWith("/discriminator")) {
          for (Map.Entry<String, JsonNode> target : fields(f.getValue())) {
            out.add(here + " -> " + target.getValue().asText());
          }
        } else {
          collectRefs(f.getValue(), here, out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectRefs(node.get(i), where + "/" + i, out);
      }
    }
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    String target = ref.asText();
    return target.startsWith("#/") ? resolve(doc.at(target.substring(1))) : null;
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return new ArrayList<>(node.properties());
  }
}
