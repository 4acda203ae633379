package dev.portcullis.server.web;

/** The signed-in landing page ({@code home.jte}), and the sign-out confirmation ({@code signout.jte}). */
public record HomePage(PageFrame frame, String email) {}
