package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis jwt}: read a token, then check it the way the server does. */
@Command(name = "jwt", mixinStandardHelpOptions = true,
    description = {"Decode or verify a JWT.", "Give the token as - to read it from stdin, so it stays out of shell history."},
    subcommands = {JwtDecodeCommand.class, JwtVerifyCommand.class})
public final class JwtCommand extends GroupCommand {}
