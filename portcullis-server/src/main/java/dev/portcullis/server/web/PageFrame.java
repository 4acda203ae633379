package dev.portcullis.server.web;

import dev.portcullis.session.SessionService;

/**
 * What {@code layout.jte} needs around every page: the title, and for a signed-in browser the
 * account's email and the session's CSRF token (the header's sign-out button is a form).
 *
 * @param signedInAs the email of the signed-in account, null when nobody is signed in
 * @param csrfToken the session's CSRF token, null when nobody is signed in
 */
public record PageFrame(String title, String signedInAs, String csrfToken) {
  public static PageFrame anonymous(String title) {
    return new PageFrame(title, null, null);
  }

  /** The frame of a page seen by the browser of session {@code v}. */
  public static PageFrame of(String title, SessionService.Validated v, SessionService sessions) {
    return new PageFrame(title, v.account().email(), sessions.csrfToken(v.session()));
  }

  public boolean signedIn() {
    return signedInAs != null;
  }
}
