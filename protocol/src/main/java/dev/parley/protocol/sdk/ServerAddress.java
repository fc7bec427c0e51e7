package dev.parley.protocol.sdk;

/** Where a Parley server listens. */
public record ServerAddress(String host, int port) {
  public ServerAddress {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("empty host");
    if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
  }

  /** Parses {@code HOST:PORT} (IPv6 literals in brackets), or {@code HOST} with {@code defaultPort}. */
  public static ServerAddress parse(String text, int defaultPort) {
    String s = text.strip();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) throw new IllegalArgumentException("unclosed '[' in " + text);
      String host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) return new ServerAddress(host, defaultPort);
      if (!rest.startsWith(":")) throw new IllegalArgumentException("bad address " + text);
      return new ServerAddress(host, parsePort(rest.substring(1), text));
    }
    int colon = s.lastIndexOf(':');
    if (colon < 0) return new ServerAddress(s, defaultPort);
    return new ServerAddress(s.substring(0, colon), parsePort(s.substring(colon + 1), text));
  }

  private static int parsePort(String port, String text) {
    try {
      return Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in " + text);
    }
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
