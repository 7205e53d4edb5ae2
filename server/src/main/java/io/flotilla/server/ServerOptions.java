package io.flotilla.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the configuration service.
 *
 * @param host interface to bind, {@code 127.0.0.1} by default
 * @param port TCP port, 0 picks a free one
 * @param dataDir holds the H2 file, {@code admin-token} and {@code encryption-key}
 * @param databaseUrl a {@code jdbc:postgresql:} URL, or null for the H2 file under {@code dataDir}
 */
public record ServerOptions(String host, int port, Path dataDir, String databaseUrl) {
  public ServerOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
  }

  public static ServerOptions defaults() {
    return new ServerOptions("127.0.0.1", 8080, Path.of(".flotilla"), null);
  }

  public ServerOptions withHost(String host) {
    return new ServerOptions(host, port, dataDir, databaseUrl);
  }

  public ServerOptions withPort(int port) {
    return new ServerOptions(host, port, dataDir, databaseUrl);
  }

  public ServerOptions withDataDir(Path dataDir) {
    return new ServerOptions(host, port, dataDir, databaseUrl);
  }

  public ServerOptions withDatabaseUrl(String databaseUrl) {
    return new ServerOptions(host, port, dataDir, databaseUrl);
  }
}
