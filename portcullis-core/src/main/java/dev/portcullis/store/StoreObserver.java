package dev.portcullis.store;

/**
 * Told of every store operation once it ends: which backend ({@code redis}, {@code jdbc}), which
 * operation (a fixed name such as {@code session lookup}, never a key or a value), how long it took
 * and whether it failed. The server turns this into metrics; the core and the stores know no
 * metrics library. Called on the request's thread: an implementation must be quick and never throw.
 */
@FunctionalInterface
public interface StoreObserver {
  StoreObserver NONE = (store, operation, nanos, failed) -> { };

  void completed(String store, String operation, long nanos, boolean failed);
}
