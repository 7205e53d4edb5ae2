package io.flotilla.server.gitops;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the kubeconfig a GitopsCluster's Secret holds into a client configuration, refusing what a
 * service must not do for a Secret's author: run an {@code exec} or {@code auth-provider} plugin,
 * or read a file of the service's own machine. Messages name the field at fault, never a value
 * other than the server address and the names (a parser's own message can quote a token, so it is
 * never passed on).
 */
final class Kubeconfigs {
  /** How long one call to a joined cluster may take: a cluster that is down must show quickly. */
  static final int TIMEOUT_MILLIS = 5_000;

  private Kubeconfigs() {}

  /** The client configuration, or {@link InvalidKubeconfig} saying what is wrong. */
  static Config parse(String yaml) {
    io.fabric8.kubernetes.api.model.Config kc;
    try {
      kc = KubeConfigUtils.parseConfigFromString(yaml);
    } catch (RuntimeException e) {
      throw new InvalidKubeconfig("it is not YAML of a kubeconfig (kind: Config)");
    }
    if (kc == null) {
      throw new InvalidKubeconfig("it is empty");
    }
    String current = kc.getCurrentContext();
    if (current == null || current.isBlank()) {
      throw new InvalidKubeconfig("current-context is not set");
    }
    Context context =
        named(kc.getContexts(), NamedContext::getName, current, NamedContext::getContext);
    if (context == null) {
      throw new InvalidKubeconfig("current-context '" + current + "' names no context");
    }
    Cluster cluster =
        named(
            kc.getClusters(),
            NamedCluster::getName,
            context.getCluster(),
            NamedCluster::getCluster);
    if (cluster == null) {
      throw new InvalidKubeconfig(
          "context '"
              + current
              + "' names cluster '"
              + context.getCluster()
              + "', which is missing");
    }
    String server = cluster.getServer();
    if (server == null || server.isBlank()) {
      throw new InvalidKubeconfig("cluster '" + context.getCluster() + "' has no server");
    }
    try {
      URI uri = URI.create(server.strip());
      if (uri.getHost() == null
          || !("https".equalsIgnoreCase(uri.getScheme())
              || "http".equalsIgnoreCase(uri.getScheme()))) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidKubeconfig(
          "cluster '" + context.getCluster() + "' has server '" + server + "', not an https URL");
    }
    if (cluster.getCertificateAuthority() != null) {
      throw new InvalidKubeconfig(
          "cluster '"
              + context.getCluster()
              + "' reads certificate-authority from a file; inline it as"
              + " certificate-authority-data");
    }
    AuthInfo user =
        named(kc.getUsers(), NamedAuthInfo::getName, context.getUser(), NamedAuthInfo::getUser);
    if (user != null) {
      List<String> files = new ArrayList<>();
      if (user.getClientCertificate() != null) {
        files.add("client-certificate (use client-certificate-data)");
      }
      if (user.getClientKey() != null) {
        files.add("client-key (use client-key-data)");
      }
      if (user.getTokenFile() != null) {
        files.add("tokenFile (use token)");
      }
      if (user.getExec() != null) {
        files.add("exec (a command the service would run; use a token)");
      }
      if (user.getAuthProvider() != null) {
        files.add("auth-provider (use a token)");
      }
      if (!files.isEmpty()) {
        throw new InvalidKubeconfig(
            "user '"
                + context.getUser()
                + "' has what a service cannot use: "
                + String.join(", ", files));
      }
    }
    Config config;
    try {
      config = Config.fromKubeconfig(yaml);
    } catch (RuntimeException e) {
      throw new InvalidKubeconfig("its credentials or certificates cannot be read");
    }
    config.setOnlyHttpWatches(true);
    config.setConnectionTimeout(TIMEOUT_MILLIS);
    config.setRequestTimeout(TIMEOUT_MILLIS);
    // a cluster that is down is reported now, not after fabric8's retries
    config.setRequestRetryBackoffLimit(0);
    return config;
  }

  private static <N, T> T named(
      List<N> list,
      java.util.function.Function<N, String> name,
      String wanted,
      java.util.function.Function<N, T> value) {
    if (list == null || wanted == null) {
      return null;
    }
    for (N n : list) {
      if (wanted.equals(name.apply(n))) {
        return value.apply(n);
      }
    }
    return null;
  }

  /** What is wrong with a kubeconfig, said without its secrets. */
  static final class InvalidKubeconfig extends RuntimeException {
    InvalidKubeconfig(String message) {
      super(message, null, false, false);
    }
  }
}
