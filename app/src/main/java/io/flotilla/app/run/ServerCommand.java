package io.flotilla.app.run;

import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flotilla server}: the configuration service alone (one of N replicas over PostgreSQL). */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Run the configuration service.")
public final class ServerCommand implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = ".flotilla",
      description = "Keys, tokens and the H2 store (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--database-url",
      description = "JDBC URL of PostgreSQL; default is an H2 file under the data dir.")
  String databaseUrl;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description =
          "Serve HTTPS only, with this PEM certificate chain (server certificate first);"
              + " needs --tls-key. Clients trust its CA with FLOTILLA_CA_FILE.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "The PEM private key of --tls-cert (PKCS#8, 'BEGIN PRIVATE KEY').")
  Path tlsKey;

  @Option(
      names = "--offline-after",
      defaultValue = "PT15M",
      paramLabel = "DURATION",
      description =
          "A cluster silent this long shows as Offline and its configurations' compliance as"
              + " Unknown; ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration offlineAfter;

  @Option(
      names = "--oidc-issuer",
      paramLabel = "URL",
      description =
          "Also accept OpenID Connect access tokens of this issuer (its 'iss'; keys from"
              + " <issuer>/.well-known/openid-configuration); users get what their role"
              + " assignments allow.")
  String oidcIssuer;

  @Option(
      names = "--oidc-audience",
      description = "The 'aud' the issuer's tokens must carry (the service's client id).")
  String oidcAudience;

  @Option(
      names = "--oidc-principal-claim",
      defaultValue = "sub",
      description =
          "The claim with the caller's object id, the principalId of role assignments"
              + " (default: ${DEFAULT-VALUE}; 'oid' for Microsoft Entra ID).")
  String oidcPrincipalClaim;

  @Option(
      names = "--oidc-name-claim",
      defaultValue = "preferred_username",
      description = "The claim with the caller's name (default: ${DEFAULT-VALUE}).")
  String oidcNameClaim;

  @Option(
      names = "--oidc-groups-claim",
      defaultValue = "groups",
      description = "The claim listing the caller's group ids (default: ${DEFAULT-VALUE}).")
  String oidcGroupsClaim;

  @Option(
      names = "--management-kubeconfig",
      paramLabel = "FILE",
      description =
          "Watch the GitopsClusters (gitops.weave.works/v1alpha1) of this cluster, join the"
              + " clusters their kubeconfig Secrets reach, and show their Flux objects.")
  java.nio.file.Path managementKubeconfig;

  @Option(
      names = "--gitops-subscription",
      paramLabel = "ID",
      description =
          "The subscription GitopsClusters appear under (each namespace is a resource group), so"
              + " that role assignments there decide who sees them; needed with"
              + " --management-kubeconfig.")
  String gitopsSubscription;

  @Option(
      names = "--oidc-client-id",
      description =
          "The dashboard's client id at the issuer, for its sign-in (authorization code with"
              + " PKCE, a public client; redirect URI <service URL>/login/callback). Default: the"
              + " audience")
  String oidcClientId;

  @Option(
      names = "--oidc-scope",
      description =
          "The scopes the dashboard's sign-in asks for. Default: 'openid profile' (Microsoft"
              + " Entra ID also needs the API's scope, e.g. 'openid profile api://flotilla/.default')")
  String oidcScope;

  @Override
  public Integer call() throws Exception {
    ServerOptions options =
        ServerOptions.defaults()
            .withHost(host)
            .withPort(port)
            .withDataDir(dataDir)
            .withDatabaseUrl(databaseUrl)
            .withOfflineAfter(offlineAfter);
    if (tlsCert != null || tlsKey != null) {
      options = options.withTls(tlsCert, tlsKey);
    }
    ConfigurationServer server;
    try {
      if (oidcIssuer != null) {
        options =
            options.withOidc(
                io.flotilla.server.auth.OidcOptions.of(oidcIssuer, oidcAudience)
                    .withClaims(oidcPrincipalClaim, oidcNameClaim, oidcGroupsClaim)
                    .withSignIn(oidcClientId, oidcScope));
      } else if (oidcAudience != null) {
        System.err.println("flotilla server: --oidc-audience needs --oidc-issuer");
        return 2;
      }
      if (managementKubeconfig != null) {
        if (gitopsSubscription == null || gitopsSubscription.isBlank()) {
          System.err.println(
              "flotilla server: --management-kubeconfig needs --gitops-subscription");
          return 2;
        }
        options =
            options.withGitops(
                io.flotilla.server.gitops.GitopsClusters.watch(
                    io.flotilla.server.gitops.GitopsOptions.of(
                        io.fabric8.kubernetes.client.Config.fromKubeconfig(
                            java.nio.file.Files.readString(managementKubeconfig)),
                        gitopsSubscription)));
      }
      server = ConfigurationServer.start(options);
    } catch (java.io.IOException e) {
      System.err.println("flotilla server: cannot read --management-kubeconfig: " + e);
      return 2;
    } catch (RuntimeException e) {
      // a damaged store, a port in use, a bad key: one line that says so, not a stack trace
      System.err.println("flotilla server: cannot start: " + e.getMessage());
      return 1;
    }
    System.out.println("flotilla: configuration service on " + server.url());
    return Blocking.untilStopped(server);
  }
}
