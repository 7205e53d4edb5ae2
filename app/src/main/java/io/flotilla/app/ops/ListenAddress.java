package io.flotilla.app.ops;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A listen address as controller-runtime's {@code --metrics-addr}/{@code --health-probe-bind-addr}
 * take it: {@code :8080} (every interface), {@code 127.0.0.1:8080}, {@code [::1]:8080}; {@code 0}
 * turns the endpoint off.
 */
record ListenAddress(String host, int port) {

  static Optional<ListenAddress> parse(String flag, String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.equals("0")) {
      return Optional.empty();
    }
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          flag + " '" + text + "': expected host:port or :port (e.g. :8080), or 0 to turn it off");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          flag + " '" + text + "': the port must be a number from 0 to 65535");
    }
    return Optional.of(new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port));
  }

  InetSocketAddress socket() {
    return new InetSocketAddress(host, port);
  }
}
