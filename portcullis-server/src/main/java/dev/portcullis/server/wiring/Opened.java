package dev.portcullis.server.wiring;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What start-up has opened (a connection pool, a Redis client, threads), to be closed newest first:
 * when the server stops, or as soon as a later start-up step fails. Each step registers what it
 * opens the moment it has opened it, so a failure at any step leaves nothing open behind.
 */
public final class Opened implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Opened.class);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private int open;

  /** Registers {@code resource}, just opened, and returns it. */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    resources.add(resource);
    open = resources.size();
    return resource;
  }

  /** Everything registered, oldest first, closed or not: what a check of a failed start looks at. */
  public synchronized List<AutoCloseable> resources() {
    return List.copyOf(resources);
  }

  /** Closes what is still open, newest first; one that fails to close does not keep the others open. */
  @Override
  public synchronized void close() {
    while (open > 0) {
      AutoCloseable resource = resources.get(--open);
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
