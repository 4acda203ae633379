package dev.portcullis.server.web;

import java.util.List;

/**
 * The consent page ({@code consent.jte}) a third-party client's authorization request shows the
 * signed-in user: who asks, for what, and where the browser goes next.
 *
 * @param request the authorization request's query string, re-validated in full when the form
 *     comes back
 * @param seal HMAC over the request and the session, so that the form cannot be edited or moved to
 *     another session
 */
public record ConsentPage(PageFrame frame, String clientName, List<String> scopes, String redirectHost,
    String request, String seal) {}
