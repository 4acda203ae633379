package dev.portcullis.client;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Clients in a map: for tests and for embedding without a database. */
public final class InMemoryClientStore implements ClientStore {
  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  @Override
  public void create(Client client) {
    if (clients.putIfAbsent(client.id(), client) != null) {
      throw new IllegalStateException("duplicate client id " + client.id());
    }
  }

  @Override
  public Optional<Client> findById(String id) {
    return Optional.ofNullable(id == null ? null : clients.get(id));
  }

  @Override
  public List<Client> list() {
    return clients.values().stream()
        .sorted(Comparator.comparing(Client::createdAt).thenComparing(Client::id))
        .toList();
  }

  @Override
  public boolean delete(String id) {
    return clients.remove(id) != null;
  }
}
