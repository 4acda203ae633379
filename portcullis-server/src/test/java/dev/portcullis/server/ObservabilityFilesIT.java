package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.crypto.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code docs/observability/} parse, have
 * the structure their tools need, and name only metrics a running server exports.
 */
class ObservabilityFilesIT {
  private static final Path DIR = Path.of("..", "docs", "observability");
  private static final Pattern METRIC = Pattern.compile("\\b((?:portcullis|jvm|process|hikaricp)_[a-z0-9_]+)");
  private static final Pattern SERIES = Pattern.compile("(?m)^([a-z_][a-z0-9_]*)[{ ]");

  @Test
  void dashboardIsGrafanaJsonWhosePanelsQueryExportedMetrics() throws IOException {
    JsonNode dash = new ObjectMapper().readTree(Files.readString(DIR.resolve("grafana-dashboard.json")));
    assertThat(dash.path("title").asText()).isEqualTo("Portcullis");
    assertThat(dash.path("uid").asText()).isNotEmpty();
    assertThat(dash.path("schemaVersion").asInt()).isPositive();
    List<String> exprs = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dash.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
      assertThat(panel.path("title").asText()).isNotEmpty();
      assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
      assertThat(panel.path("targets")).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.path("expr").asText());
      }
    }
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(10).allSatisfy(e -> assertThat(balanced(e)).as(e).isTrue());
    assertExported(exprs);
  }

  @Test
  void alertRulesAreWellFormedPrometheusRuleGroupsOnExportedMetrics() throws IOException {
    List<Map<String, String>> rules = parseRules(Files.readAllLines(DIR.resolve("prometheus-alerts.yml")));
    assertThat(rules).extracting(r -> r.get("alert")).contains("PortcullisRefreshTokenReuseSpike",
        "PortcullisLoginThrottlingSpike", "PortcullisStoreErrors").doesNotHaveDuplicates();
    for (Map<String, String> rule : rules) {
      assertThat(rule).as(rule.get("alert")).containsKeys("expr", "for", "labels.severity", "annotations.summary",
          "annotations.description");
      assertThat(rule.get("alert")).matches("[A-Z][A-Za-z0-9]+");
      assertThat(rule.get("for")).matches("\\d+[smh]");
      assertThat(rule.get("labels.severity")).isIn("critical", "warning");
      assertThat(balanced(rule.get("expr"))).as(rule.get("expr")).isTrue();
    }
    assertExported(rules.stream().map(r -> r.get("expr")).toList());
  }

  /**
   * The subset of YAML the rule file uses, checked strictly without a YAML library: two-space
   * indentation, no tabs, {@code groups:} > {@code - name:} + {@code rules:} > {@code - alert:}
   * with scalar keys and the {@code labels:} / {@code annotations:} maps; a quoted value must be
   * closed. Returns each rule as flat keys ({@code labels.severity}).
   */
  static List<Map<String, String>> parseRules(List<String> lines) {
    List<Map<String, String>> rules = new ArrayList<>();
    Map<String, String> rule = null;
    String map = null;
    boolean groups = false;
    for (String raw : lines) {
      assertThat(raw).as("no tabs").doesNotContain("\t");
      if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
        continue;
      }
      int indent = raw.length() - raw.stripLeading().length();
      assertThat(indent % 2).as("two-space indentation: %s", raw).isZero();
      String line = raw.strip();
      if (!groups) {
        assertThat(line).isEqualTo("groups:");
        groups = true;
        continue;
      }
      Matcher kv = Pattern.compile("(- )?([a-z_]+):(?: (.*))?").matcher(line);
      assertThat(kv.matches()).as("key: value line: %s", raw).isTrue();
      String key = kv.group(2);
      String value = kv.group(3) == null ? null : scalar(kv.group(3), raw);
      if (indent == 2) {
        assertThat(line).as(raw).startsWith("- name: ");
      } else if (indent == 4) {
        assertThat(line).as(raw).isEqualTo("rules:");
      } else if (indent == 6) {
        assertThat(kv.group(1)).as("a rule starts with '- alert:' : %s", raw).isEqualTo("- ");
        assertThat(key).isEqualTo("alert");
        rule = new LinkedHashMap<>();
        rule.put("alert", value);
        rules.add(rule);
      } else if (indent == 8) {
        assertThat(rule).as("a key outside a rule: %s", raw).isNotNull();
        assertThat(key).isIn("expr", "for", "labels", "annotations");
        if (value == null) {
          assertThat(key).isIn("labels", "annotations");
          map = key;
        } else {
          assertThat(rule.put(key, value)).as("duplicate key %s", key).isNull();
          map = null;
        }
      } else {
        assertThat(indent).as(raw).isEqualTo(10);
        assertThat(map).as("a nested key outside labels/annotations: %s", raw).isNotNull();
        assertThat(value).as(raw).isNotNull();
        assertThat(rule.put(map + "." + key, value)).isNull();
      }
    }
    assertThat(rules).isNotEmpty();
    return rules;
  }

  private static String scalar(String value, String raw) {
    if (value.startsWith("\"")) {
      assertThat(value).as("closed quote: %s", raw).endsWith("\"").hasSizeGreaterThan(1);
      String inner = value.substring(1, value.length() - 1);
      assertThat(inner.replace("\\\\\"", "")).as("unescaped quote: %s", raw).doesNotContain("\"");
      return inner;
    }
    assertThat(value).as("plain scalar: %s", raw).doesNotStartWith("'").doesNotContain(": ").doesNotContain(" #");
    return value;
  }

  private static boolean balanced(String expr) {
    int round = 0;
    int curly = 0;
    int square = 0;
    for (char c : expr.toCharArray()) {
      round += c == '(' ? 1 : c == ')' ? -1 : 0;
      curly += c == '{' ? 1 : c == '}' ? -1 : 0;
      square += c == '[' ? 1 : c == ']' ? -1 : 0;
      if (round < 0 || curly < 0 || square < 0) {
        return false;
      }
    }
    return round == 0 && curly == 0 && square == 0;
  }

  /** Every metric the expressions name is a series of a server that has seen some traffic. */
  private static void assertExported(List<String> exprs) {
    String prefix = "pcl-perf-" + Tokens.random(6) + ":";
    String redis = System.getenv().getOrDefault("PORTCULLIS_TEST_REDIS", "redis://127.0.0.1:6379");
    try (ServerHarness h = new ServerHarness(b -> b.redisUrl(redis).redisPrefix(prefix))) {
      h.loggedIn().get("/v1/me");
      // the server runs in this JVM: a collection makes jvm_gc_pause_seconds appear, once the JVM's
      // GC notification (delivered on its own thread) has reached Micrometer; bounded, 200 tries
      String scrape = h.browser().get("/metrics").body();
      for (int i = 0; i < 200 && !scrape.contains("jvm_gc_pause_seconds_sum"); i++) {
        System.gc();
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        scrape = h.browser().get("/metrics").body();
      }
      Set<String> exported = new TreeSet<>();
      Matcher series = SERIES.matcher(scrape);
      while (series.find()) {
        exported.add(series.group(1));
      }
      for (String expr : exprs) {
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
          assertThat(exported).as("metric %s of %s", m.group(1), expr).contains(m.group(1));
        }
      }
    }
  }
}
