package dev.portcullis.auth;

/** Where a request came from, as far as the server can tell: recorded with sessions and audit events. */
public record Device(String ip, String userAgent) {
  public static final Device UNKNOWN = new Device(null, null);

  public Device {
    userAgent = userAgent == null || userAgent.length() <= 512 ? userAgent : userAgent.substring(0, 512);
    ip = ip == null || ip.length() <= 64 ? ip : ip.substring(0, 64);
  }
}
