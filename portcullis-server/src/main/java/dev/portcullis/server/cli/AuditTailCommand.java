package dev.portcullis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.server.Durations;
import dev.portcullis.server.http.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** GET /v1/admin/audit, oldest first, and with --follow new events as they come (polling). */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = {"Print the latest audit events, oldest first; --follow keeps printing new ones until interrupted.",
        "With --json, one JSON object per line.",
        "Exit codes: 0 done, 2 bad flags, 3 unreachable, 4 refused."})
public final class AuditTailCommand extends AdminCommand {
  private static final int PAGE = 1000;

  @Option(names = "--type", description = "Only events of this type, e.g. login_failed.")
  String type;

  @Option(names = "--user", paramLabel = "USER_ID", description = "Only events of this user.")
  String userId;

  @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many past events to print first, 1-1000 (default ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = {"-f", "--follow"}, description = "Keep polling for new events.")
  boolean follow;

  @Option(names = "--interval", defaultValue = "2s", description = "How often --follow polls (default ${DEFAULT-VALUE}, at least 100ms).")
  String interval;

  /** --follow polls until interrupted, or this many times (tests). */
  int maxPolls = Integer.MAX_VALUE;

  private final Map<String, Integer> seenAtNewest = new HashMap<>();
  private String newest;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    if (lines < 1 || lines > PAGE) {
      throw CliFailure.usage("--lines must be from 1 to " + PAGE);
    }
    Duration every = pollInterval();
    // the first page is fetched whole so that --follow knows every event already there, printed or not
    List<JsonNode> first = fetch(api, follow ? PAGE : lines);
    if (first.isEmpty() && !follow && !json) {
      out.println("(no events)");
    }
    first.forEach(this::remember);
    emit(out, first.subList(Math.max(0, first.size() - lines), first.size()), false);
    for (int poll = 0; follow && poll < maxPolls; poll++) {
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.OK; // asked to stop
      }
      List<JsonNode> fresh;
      try {
        fresh = unseen(fetch(api, PAGE));
      } catch (CliFailure e) {
        if (Thread.currentThread().isInterrupted()) {
          return ExitCodes.OK; // interrupted in the middle of a poll
        }
        throw e;
      }
      if (fresh.size() == PAGE && !json) {
        out.println(style().warn("(more than " + PAGE + " events since the last poll; older ones skipped)"));
      }
      emit(out, fresh);
    }
    return ExitCodes.OK;
  }

  private List<JsonNode> fetch(AdminApi api, int limit) {
    StringBuilder q = new StringBuilder("/v1/admin/audit?limit=" + limit);
    if (type != null) {
      q.append("&type=").append(AdminApi.query(type.trim()));
    }
    if (userId != null) {
      q.append("&user_id=").append(AdminApi.query(userId.trim()));
    }
    List<JsonNode> newestFirst = new ArrayList<>();
    api.get(q.toString()).forEach(newestFirst::add);
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  /**
   * Those after the newest instant seen are new, and at that instant the ones not seen yet (each
   * event carries its own {@code id}, so two identical failures in one millisecond are two).
   */
  private List<JsonNode> unseen(List<JsonNode> oldestFirst) {
    Map<String, Integer> budget = new HashMap<>(seenAtNewest);
    List<JsonNode> fresh = new ArrayList<>();
    for (JsonNode e : oldestFirst) {
      int c = newest == null ? 1 : e.path("at").asText().compareTo(newest); // ISO-8601 instants of one format sort as text
      if (c > 0) {
        fresh.add(e);
      } else if (c == 0) {
        int left = budget.getOrDefault(e.toString(), 0);
        if (left > 0) {
          budget.put(e.toString(), left - 1);
        } else {
          fresh.add(e);
        }
      }
    }
    return fresh;
  }

  private void remember(JsonNode e) {
    String at = e.path("at").asText();
    if (!at.equals(newest)) {
      newest = at;
      seenAtNewest.clear();
    }
    seenAtNewest.merge(e.toString(), 1, Integer::sum);
  }

  private void emit(PrintWriter out, List<JsonNode> oldestFirst) throws Exception {
    emit(out, oldestFirst, true);
  }

  private void emit(PrintWriter out, List<JsonNode> oldestFirst, boolean remember) throws Exception {
    for (JsonNode e : oldestFirst) {
      if (remember) {
        remember(e);
      }
      out.println(json ? Json.MAPPER.writeValueAsString(e) : e.path("at").asText() + "  " + e.path("type").asText() + "  "
          + text(e, "user_id") + "  " + text(e, "ip") + "  " + text(e, "detail"));
    }
    out.flush();
  }

  private static String text(JsonNode e, String field) {
    JsonNode v = e.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  private Duration pollInterval() {
    try {
      Duration d = Durations.parse(interval);
      if (d.toMillis() < 100) {
        throw new IllegalArgumentException("at least 100ms");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("--interval: " + e.getMessage());
    }
  }
}
