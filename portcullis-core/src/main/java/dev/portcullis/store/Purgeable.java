package dev.portcullis.store;

/**
 * An optional ability of a store whose expired records stay behind until someone deletes them (a
 * SQL table, a map in memory). Expired records already read as absent, so purging only reclaims
 * space; a store whose backend drops them by itself (Redis key TTLs) does not implement this.
 * The server's housekeeping purges every store that has the ability, as Spring Session's JDBC
 * repository cleans up expired sessions while its Redis one leaves that to Redis.
 */
public interface Purgeable {
  /** Deletes the records whose time has passed; returns how many. */
  int purgeExpired();
}
