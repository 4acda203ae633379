package dev.portcullis.server.web;

/**
 * A page that says one thing ({@code message.jte}): every error page, and simple confirmations.
 *
 * @param status the HTTP status, shown small for whoever reports the problem
 * @param linkHref where to go next (a local path), with {@code linkText}; null for no link
 */
public record MessagePage(PageFrame frame, int status, String heading, String message, String linkHref,
    String linkText) {}
