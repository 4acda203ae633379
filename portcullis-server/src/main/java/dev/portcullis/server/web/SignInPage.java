package dev.portcullis.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The sign-in form ({@code signin.jte}), also the sign-up form ({@code signup.jte}): the email is
 * kept after a failed attempt, the password never.
 *
 * @param returnTo a safe local path to continue to (see {@link ReturnTo}), null for home
 * @param error what went wrong, for a person; null on first display
 * @param notice a neutral message (signed out, session ended); null if none
 */
public record SignInPage(PageFrame frame, String csrfToken, String email, String returnTo, String error,
    String notice) {

  /** The link to the other form, carrying the same return path. */
  public String otherFormHref(String path) {
    return returnTo == null ? path : path + "?" + ReturnTo.PARAMETER + "=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
  }
}
