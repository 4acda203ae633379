package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every branch of the decision tree and every common mistake of {@code portcullis advise}. */
class AdviseCommandTest {
  static JsonNode advice(String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("advise", "--json"));
    args.addAll(List.of(flags));
    CliRun.Result r = CliRun.exec(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out());
  }

  static String text(JsonNode advice) {
    return advice.toString();
  }

  static List<String> mistakes(JsonNode advice) {
    List<String> ids = new ArrayList<>();
    advice.get("mistakes").forEach(m -> ids.add(m.get("id").asText()));
    return ids;
  }

  static List<String> detected(JsonNode advice) {
    List<String> ids = new ArrayList<>();
    advice.get("mistakes").forEach(m -> {
      if (m.get("detected").asBoolean()) {
        ids.add(m.get("id").asText());
      }
    });
    return ids;
  }

  /** Each kind of client: its model, the Portcullis settings that implement it, and its mistakes. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "browser        | Server-side session in a cookie | __Host-portcullis                    | jwt-as-session,token-in-localstorage,csrf-off",
      "spa-same-site  | Cookie session shared with the SPA | --allowed-origins https://app.example.com | token-in-localstorage,cors-wildcard-credentials,subdomain-takeover",
      "spa-cross-site | Backend-for-frontend            | --cookie-samesite none               | token-in-localstorage,cors-wildcard-credentials,samesite-none-without-csrf,samesite-none-over-http",
      "mobile         | authorization code + PKCE       | /oauth/authorize                     | secret-in-app,password-grant-third-party,long-lived-access-token,no-refresh-rotation",
      "public-api     | API keys                        | POST /v1/api-keys                    | key-in-url,key-without-scope-or-expiry,key-in-browser",
      "service        | Client credentials              | clients add --type service           | decode-without-verify,no-aud-check,alg-confusion,shared-user-credentials",
      "hybrid         | Cookie sessions for the web, tokens for the apps | --check-methods session,jwt,api_key | tokens-for-web-too,secret-in-app"})
  void eachClientGetsItsModelConfigurationAndMistakes(String client, String model, String config, String mistakeIds) throws Exception {
    JsonNode a = advice("--client", client);
    assertThat(a.get("client").asText()).isEqualTo(client);
    assertThat(a.get("model").asText()).contains(model);
    assertThat(a.get("configure").toString()).contains(config);
    assertThat(a.get("why")).isNotEmpty();
    assertThat(a.get("risks")).isNotEmpty();
    assertThat(mistakes(a)).containsAll(List.of(mistakeIds.split(",")));
    assertThat(detected(a)).isEmpty();
  }

  @Test
  void browserAndSpaRisksNameCsrfAndXss() throws Exception {
    for (String c : List.of("browser", "spa-same-site", "spa-cross-site")) {
      assertThat(advice("--client", c).get("risks").toString()).contains("CSRF").contains("XSS");
    }
  }

  @Test
  void mobileRisksNameRefreshRacesTheftAndRevocationLag() throws Exception {
    String risks = advice("--client", "mobile").get("risks").toString();
    assertThat(risks).contains("Refresh races").contains("--refresh-grace").contains("Token theft").contains("Revocation lag");
  }

  @Test
  void crossSiteOffersBffFirstThenSameSiteThenTheCookieMode() throws Exception {
    JsonNode a = advice("--client", "spa-cross-site", "--frontend-domain", "app.shop.example.net", "--api-domain", "auth.example.com");
    String why = a.get("why").toString();
    assertThat(why.indexOf("Backend-for-frontend")).isLessThan(why.indexOf("auth.example.net")).isLessThan(why.indexOf("Cross-site cookie mode"));
    assertThat(a.get("configure").toString()).contains("--allowed-origins https://app.shop.example.net").contains("--public-url https://auth.example.com");
    assertThat(a.get("risks").toString()).contains("Third-party cookie blocking");
  }

  @Test
  void aSpaCalledSameSiteOnAnotherSiteIsDetectedAndAdvisedAsCrossSite() throws Exception {
    JsonNode a = advice("--client", "spa-same-site", "--frontend-domain", "app.example.net", "--api-domain", "https://api.example.com/v1");
    assertThat(a.get("client").asText()).isEqualTo("spa-cross-site");
    assertThat(detected(a)).containsExactly("claimed-same-site");
    assertThat(text(a)).contains("registrable domains example.net and example.com");
  }

  @Test
  void aSpaCalledCrossSiteOnTheSameSiteIsDetectedAndAdvisedAsSameSite() throws Exception {
    JsonNode a = advice("--client", "spa-cross-site", "--frontend-domain", "app.example.co.uk", "--api-domain", "api.example.co.uk");
    assertThat(a.get("client").asText()).isEqualTo("spa-same-site");
    assertThat(detected(a)).containsExactly("needless-cross-site");
    assertThat(a.get("configure").toString()).doesNotContain("--cookie-samesite none");
  }

  @Test
  void sitesFollowRegistrableDomainsIncludingMultiLabelSuffixes() {
    assertThat(Advisor.sameSite("app.example.com", "api.example.com")).isTrue();
    assertThat(Advisor.sameSite("https://a.example.com:8443/x", "example.com")).isTrue();
    assertThat(Advisor.sameSite("shop.co.uk", "other.co.uk")).isFalse();
    assertThat(Advisor.sameSite("alice.github.io", "bob.github.io")).isFalse();
    assertThat(Advisor.sameSite("app.example.com", null)).isNull();
  }

  @Test
  void severalInstancesNeedPostgresAndRedisAndFlagAPerInstanceStore() throws Exception {
    JsonNode a = advice("--client", "browser", "--instances", "3");
    assertThat(a.get("configure").toString()).contains("--postgres-url").contains("--redis-url").contains("PORTCULLIS_KEY_ENCRYPTION_KEY");
    assertThat(a.get("risks").toString()).contains("Shared store");
    assertThat(mistakes(a)).contains("per-instance-store");
    assertThat(detected(a)).isEmpty();
    JsonNode one = advice("--client", "browser");
    assertThat(one.get("configure").toString()).contains("embedded store").doesNotContain("--redis-url redis://");
    assertThat(mistakes(one)).doesNotContain("per-instance-store");
  }

  @Test
  void instantRevocationForTokensMeansIntrospectionOrForwardAuth() throws Exception {
    for (String c : List.of("mobile", "service", "hybrid")) {
      JsonNode a = advice("--client", c, "--needs-instant-revocation");
      assertThat(a.get("configure").toString()).contains("POST /v1/token/introspect").contains("GET /v1/check")
          .contains("--type resource-server");
      JsonNode lag = advice("--client", c);
      assertThat(lag.get("risks").toString()).contains("Revocation lag");
    }
  }

  @Test
  void instantRevocationForSessionsAndKeysIsAlreadyThere() throws Exception {
    for (String c : List.of("browser", "spa-same-site", "public-api")) {
      assertThat(advice("--client", c, "--needs-instant-revocation").get("configure").toString())
          .contains("checked against the store on every request already");
    }
  }

  @Test
  void theHumanFormPrintsEverySectionAndMarksDetectedMistakes() {
    CliRun.Result r = CliRun.exec("advise", "--client", "spa-same-site", "--frontend-domain", "app.a.com", "--api-domain", "api.b.com",
        "--instances", "2");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Recommended for spa-cross-site: Backend-for-frontend").contains("Why").contains("Configure Portcullis")
        .contains("Risks to handle").contains("Common mistakes").contains("! DETECTED in your answers: Calling it same-site")
        .contains("  - Running 2 instances each on its own embedded store").doesNotContain("\u001b[");
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    CliRun.Result coloured = new CliRun().terminal().run("advise", "--client", "browser");
    assertThat(coloured.out()).contains("\u001b[1m");
    CliRun.Result plain = new CliRun().terminal().env("NO_COLOR", "1").run("advise", "--client", "browser");
    assertThat(plain.out()).doesNotContain("\u001b[");
  }

  @Test
  void onATerminalWithoutFlagsItAsks() {
    CliRun.Result r = new CliRun().terminal().env("NO_COLOR", "1")
        .stdin("9\nmobile-ish\n3\napp.example.net\napi.example.com\nlots\n4\ny\n").run("advise");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("1) browser").contains("7) hybrid").contains("Choose 1-7")
        .contains("Recommended for spa-cross-site").contains("--postgres-url").contains("checked against the store on every request");
  }

  @Test
  void questionsCutShortAreAUsageError() {
    CliRun.Result r = new CliRun().terminal().stdin("4\n").run("advise");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.noStackTrace().err()).contains("no answer (end of input)");
  }

  @Test
  void withoutATerminalAndWithoutFlagsItSaysWhatIsMissing() {
    CliRun.Result r = CliRun.exec("advise");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.noStackTrace().err()).contains("--client is required (one of browser, spa-same-site");
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertThat(CliRun.exec("advise", "--client", "toaster").noStackTrace().err()).contains("'toaster' is not one of");
    assertThat(CliRun.exec("advise", "--client", "browser", "--instances", "0").err()).contains("--instances");
    assertThat(CliRun.exec("advise", "--client", "browser", "--instances", "many").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.exec("advise", "--client", "browser", "--frontend-domain", "not a domain!").err()).contains("is not a domain");
  }
}
