package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole code flow as a native app runs it (RFC 8252): a stock OAuth client library (Nimbus
 * oauth2-oidc-sdk) builds the request and exchanges the code, a real headless Chromium does the
 * sign-in on the server's page, and the answer comes back to a loopback redirect URI on a port the
 * app chose. Then {@code /v1/me} with the access token, and a refresh.
 */
class AuthorizationCodeFlowIT {
  static ServerHarness h;
  static String issuer;
  static AuthorizationServerMetadata metadata;

  @RegisterExtension
  final org.junit.jupiter.api.extension.AfterTestExecutionCallback screenshots =
      HeadlessChromium.onFailure(() -> this.chromium);

  LoopbackRedirect app;
  HeadlessChromium chromium;
  String clientId;
  String email;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    issuer = "http://127.0.0.1:" + port;
    h = new ServerHarness(b -> b.port(port).issuer(issuer));
    metadata = AuthorizationServerMetadata.resolve(new Issuer(issuer)); // RFC 8414 discovery, issuer checked
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @BeforeEach
  void openBrowserAndApp() {
    app = new LoopbackRedirect();
    chromium = new HeadlessChromium(900, 720);
    clientId = new OAuth(h).client("mobile", "grant_types", "[authorization_code,refresh_token]",
        "redirect_uris", "[" + LoopbackRedirect.REGISTERED + "]").get("client_id").asText();
    email = ServerHarness.email();
    h.register(email);
  }

  @AfterEach
  void closeBrowserAndApp() {
    chromium.close();
    app.close();
  }

  /** RFC 6749 §4.1.1 with PKCE (RFC 7636 §4.3), built by the client library. */
  AuthorizationRequest request(CodeVerifier verifier, State state) {
    return new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
        .endpointURI(metadata.getAuthorizationEndpointURI()).redirectionURI(app.uri()).state(state)
        .codeChallenge(verifier, CodeChallengeMethod.S256).build();
  }

  void signInOnThePage(String password) {
    chromium.driver.findElement(By.id("email")).sendKeys(email);
    chromium.driver.findElement(By.id("password")).sendKeys(password);
    // the form posts and a page (the same one with an error, or the app's callback) replaces it:
    // reading the page before that races the navigation
    ChromiumBrowser.clickAndAwaitNextPage(chromium.driver, chromium.driver.findElement(By.id("sign-in")));
  }

  URI awaitCallback() {
    new WebDriverWait(chromium.driver, Duration.ofSeconds(20)).until(d -> app.received() != null);
    return app.received();
  }

  TokenResponse exchange(AuthorizationCode code, CodeVerifier verifier) throws Exception {
    return TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), new ClientID(clientId),
        new AuthorizationCodeGrant(code, app.uri(), verifier)).toHTTPRequest().send());
  }

  @Test
  void aNativeAppSignsInThroughTheBrowserAndGetsTokensForTheCode() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    chromium.driver.get(request(verifier, state).toURI().toString());
    assertThat(chromium.driver.getCurrentUrl()).startsWith(issuer + "/signin?return_to=");
    assertThat(chromium.driver.getTitle()).isEqualTo("Sign in · Portcullis");
    Path shot = chromium.screenshot("sign-in");
    assertThat(Files.size(shot)).isPositive();
    signInOnThePage(ServerHarness.PASSWORD);

    URI callback = awaitCallback();
    AuthorizationSuccessResponse answer = AuthorizationResponse.parse(callback).toSuccessResponse();
    assertThat(answer.getState()).isEqualTo(state);
    assertThat(answer.getIssuer()).as("RFC 9207 §2").isEqualTo(new Issuer(issuer));
    assertThat(callback.getPort()).as("RFC 8252 §7.3: the app's own port").isEqualTo(app.uri().getPort());

    TokenResponse tokens = exchange(answer.getAuthorizationCode(), verifier);
    assertThat(tokens.indicatesSuccess()).as("%s", tokens).isTrue();
    Tokens t = tokens.toSuccessResponse().getTokens();
    Browser.Response me = new OAuth(h).me(t.getAccessToken().getValue());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("email").asText()).isEqualTo(email);

    TokenResponse refreshed = TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(),
        new ClientID(clientId), new RefreshTokenGrant(t.getRefreshToken())).toHTTPRequest().send());
    assertThat(refreshed.indicatesSuccess()).isTrue();
    assertThat(refreshed.toSuccessResponse().getTokens().getRefreshToken()).isNotEqualTo(t.getRefreshToken());
    assertThat(new OAuth(h).me(refreshed.toSuccessResponse().getTokens().getAccessToken().getValue()).status())
        .isEqualTo(200);
  }

  @Test
  void aFailedSignInShowsAReadablePageAndTheNextAttemptContinuesTheFlow() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    chromium.driver.get(request(verifier, new State()).toURI().toString());
    signInOnThePage("not the password, sorry");
    assertThat(chromium.driver.findElement(By.id("form-error")).getText())
        .isEqualTo("The email or password is incorrect.");
    assertThat(chromium.driver.findElement(By.id("email")).getAttribute("value")).isEqualTo(email);
    chromium.screenshot("sign-in-failed");
    chromium.driver.findElement(By.id("email")).clear();
    signInOnThePage(ServerHarness.PASSWORD);
    AuthorizationSuccessResponse answer = AuthorizationResponse.parse(awaitCallback()).toSuccessResponse();
    assertThat(exchange(answer.getAuthorizationCode(), verifier).indicatesSuccess()).isTrue();
  }

  /** A new user creates the account on the way: the sign-up form carries the flow along. */
  @Test
  void aNewUserSignsUpFromTheSignInPageAndLandsBackInTheApp() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    chromium.driver.get(request(verifier, state).toURI().toString());
    ChromiumBrowser.clickAndAwaitNextPage(chromium.driver, chromium.driver.findElement(By.linkText("Create an account")));
    String newcomer = ServerHarness.email();
    chromium.driver.findElement(By.id("email")).sendKeys(newcomer);
    chromium.driver.findElement(By.id("password")).sendKeys(ServerHarness.PASSWORD);
    chromium.driver.findElement(By.id("password_again")).sendKeys(ServerHarness.PASSWORD);
    chromium.driver.findElement(By.id("sign-up")).click();
    AuthorizationSuccessResponse answer = AuthorizationResponse.parse(awaitCallback()).toSuccessResponse();
    assertThat(answer.getState()).isEqualTo(state);
    TokenResponse tokens = exchange(answer.getAuthorizationCode(), verifier);
    assertThat(new OAuth(h).me(tokens.toSuccessResponse().getTokens().getAccessToken().getValue()).json()
        .get("email").asText()).isEqualTo(newcomer);
  }

  /** The pages work at phone width: nothing wider than the screen, the form usable. */
  @Test
  void theSignInPageFitsAPhoneScreen() {
    try (HeadlessChromium phone = new HeadlessChromium(390, 844)) {
      phone.driver.get(issuer + "/signin");
      Object overflow = phone.driver.executeScript(
          "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
      phone.screenshot("sign-in-phone");
      assertThat(overflow).isEqualTo(Boolean.FALSE);
      assertThat(phone.driver.findElement(By.id("sign-in")).isDisplayed()).isTrue();
      assertThat(phone.driver.findElement(By.id("email")).getRect().getWidth()).isLessThanOrEqualTo(390);
    }
  }

  /** First-party clients skip consent: a browser with a session goes straight back to the app. */
  @Test
  void aBrowserAlreadySignedInGoesStraightBackWithANewCode() throws Exception {
    chromium.driver.get(request(new CodeVerifier(), new State()).toURI().toString());
    signInOnThePage(ServerHarness.PASSWORD);
    URI first = awaitCallback();
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    chromium.driver.get(request(verifier, state).toURI().toString());
    new WebDriverWait(chromium.driver, Duration.ofSeconds(20)).until(d -> !first.equals(app.received()));
    AuthorizationSuccessResponse answer = AuthorizationResponse.parse(app.received()).toSuccessResponse();
    assertThat(answer.getState()).isEqualTo(state);
    assertThat(exchange(answer.getAuthorizationCode(), verifier).indicatesSuccess()).isTrue();
  }

  /** RFC 6749 §4.1.2.1 and RFC 9700 §4.1: never redirect to a URI that is not exactly registered. */
  @Test
  void aNearMatchRedirectUriGetsAnErrorPageAndTheBrowserStaysHere() {
    String nearMatch = app.uri() + "/../evil";
    chromium.driver.get(metadata.getAuthorizationEndpointURI() + "?response_type=code&client_id=" + clientId
        + "&redirect_uri=" + java.net.URLEncoder.encode(nearMatch, java.nio.charset.StandardCharsets.UTF_8)
        + "&code_challenge=" + CodeChallengeMethod.S256.getValue() + "&code_challenge_method=S256");
    assertThat(chromium.driver.getCurrentUrl()).startsWith(issuer + "/oauth/authorize");
    assertThat(chromium.driver.findElement(By.tagName("h1")).getText()).isEqualTo("This request cannot be served");
    assertThat(chromium.driver.findElement(By.tagName("main")).getText()).contains("redirect_uri");
    assertThat(app.received()).isNull();
  }

  /** The sign-in page's return path is no open redirect, in a real browser too. */
  @Test
  void theSignInPageNeverSendsTheBrowserToAnotherSite() {
    chromium.driver.get(issuer + "/signin?return_to=" + java.net.URLEncoder.encode("//evil.example/steal",
        java.nio.charset.StandardCharsets.UTF_8));
    signInOnThePage(ServerHarness.PASSWORD);
    new WebDriverWait(chromium.driver, Duration.ofSeconds(20))
        .until(d -> d.getCurrentUrl().equals(issuer + "/"));
    assertThat(chromium.driver.findElement(By.tagName("main")).getText()).contains(email);
  }
}
