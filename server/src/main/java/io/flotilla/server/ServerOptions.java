package io.flotilla.server;

import io.flotilla.api.RecordBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run the configuration service.
 *
 * @param host interface to bind, {@code 127.0.0.1} by default
 * @param port TCP port, 0 picks a free one
 * @param dataDir holds the H2 file, {@code admin-token} and {@code encryption-key}
 * @param databaseUrl a {@code jdbc:postgresql:} URL, or null for the H2 file under {@code dataDir}
 * @param offlineAfter a cluster whose agent has been silent this long is shown as Offline and its
 *     configurations' compliance as Unknown (15 minutes by default)
 * @param tlsCert PEM certificate chain (server certificate first); with {@code tlsKey}, the service
 *     speaks HTTPS only. Null for plain HTTP.
 * @param tlsKey PEM private key (PKCS#8 {@code BEGIN PRIVATE KEY}, RSA or EC)
 * @param meters the process's meter registry, served at {@code /metrics}; null: one of the
 *     service's own
 * @param oidc the OpenID Connect issuer whose tokens the service accepts besides its admin token,
 *     or null for none
 * @param gitops how to watch the management cluster whose GitopsClusters the service shows (the
 *     {@code gitops} module's {@code GitopsClusters.watch}), or null for none
 */
public record ServerOptions(
    String host,
    int port,
    Path dataDir,
    String databaseUrl,
    Duration offlineAfter,
    Path tlsCert,
    Path tlsKey,
    PrometheusMeterRegistry meters,
    io.flotilla.server.auth.OidcOptions oidc,
    io.flotilla.server.joined.JoinedClusters.Watch gitops) {
  public static final Duration DEFAULT_OFFLINE_AFTER = Duration.ofMinutes(15);

  public ServerOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(offlineAfter, "offlineAfter");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (offlineAfter.isNegative() || offlineAfter.isZero()) {
      throw new IllegalArgumentException(
          "the offline threshold must be positive, got " + offlineAfter);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "TLS needs both a certificate and a key: give --tls-cert and --tls-key together");
    }
  }

  public static ServerOptions defaults() {
    return new ServerOptions(
        "127.0.0.1",
        8080,
        Path.of(".flotilla"),
        null,
        DEFAULT_OFFLINE_AFTER,
        null,
        null,
        null,
        null,
        null);
  }

  public boolean tls() {
    return tlsCert != null;
  }

  public ServerOptions withHost(String host) {
    return with(c -> c.host = host);
  }

  public ServerOptions withPort(int port) {
    return with(c -> c.port = port);
  }

  public ServerOptions withDataDir(Path dataDir) {
    return with(c -> c.dataDir = dataDir);
  }

  public ServerOptions withDatabaseUrl(String databaseUrl) {
    return with(c -> c.databaseUrl = databaseUrl);
  }

  public ServerOptions withOfflineAfter(Duration offlineAfter) {
    return with(c -> c.offlineAfter = offlineAfter);
  }

  /** Record into, and serve at {@code /metrics}, this process's registry. */
  public ServerOptions withMeters(PrometheusMeterRegistry m) {
    return with(c -> c.meters = m);
  }

  /** Serve HTTPS only, with this PEM certificate chain and PEM private key. */
  public ServerOptions withTls(Path cert, Path key) {
    return with(
        c -> {
          c.tlsCert = cert;
          c.tlsKey = key;
        });
  }

  /** Accept this issuer's OIDC tokens (users decided by role assignments). */
  public ServerOptions withOidc(io.flotilla.server.auth.OidcOptions oidc) {
    return with(c -> c.oidc = oidc);
  }

  /** Watch this management cluster's GitopsClusters and show the clusters they join. */
  public ServerOptions withGitops(io.flotilla.server.joined.JoinedClusters.Watch gitops) {
    return with(c -> c.gitops = gitops);
  }

  /** This record with {@code change} made to a copy of its components (for the withers). */
  private ServerOptions with(Consumer<Copy> change) {
    return RecordBuilder.edit(new Copy(this), change);
  }

  /** The fields of a copy while it is being changed. */
  private static final class Copy extends RecordBuilder<ServerOptions> {
    private String host;
    private int port;
    private Path dataDir;
    private String databaseUrl;
    private Duration offlineAfter;
    private Path tlsCert;
    private Path tlsKey;
    private PrometheusMeterRegistry meters;
    private io.flotilla.server.auth.OidcOptions oidc;
    private io.flotilla.server.joined.JoinedClusters.Watch gitops;

    private Copy(ServerOptions o) {
      super(o);
    }
  }
}
