package dev.portcullis.server.cli;

import java.util.List;

/**
 * What {@code portcullis advise} recommends: a model and why, the risks it leaves to handle, the
 * Portcullis configuration and client type or flow, and the common mistakes of that kind of client.
 */
record Advice(String client, String model, List<String> why, List<String> configure, List<String> risks, List<Mistake> mistakes) {

  /** A common mistake; {@code detected} when the answers show it is being made, not only possible. */
  record Mistake(String id, String text, boolean detected) {}
}
