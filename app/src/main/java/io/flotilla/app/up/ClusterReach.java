package io.flotilla.app.up;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Checks, before `up` starts anything, that the cluster of {@code --kubeconfig} answers: one {@code
 * GET /version} without retries, so that a wrong file or a stopped cluster is said in a line rather
 * than by controllers retrying for minutes.
 */
final class ClusterReach {
  private ClusterReach() {}

  static void check(Path kubeconfig) {
    Path file = kubeconfig.toAbsolutePath();
    Config config;
    try {
      config = Config.fromKubeconfig(Files.readString(file));
    } catch (IOException e) {
      throw new StartRefused("cannot read --kubeconfig " + file + " (" + e + ")", e);
    } catch (RuntimeException e) {
      throw new StartRefused(
          "--kubeconfig " + file + " is not a usable kubeconfig (" + e.getMessage() + ")", e);
    }
    config.setRequestRetryBackoffLimit(0);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(10_000);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      throw new StartRefused(
          "cannot reach the cluster of --kubeconfig "
              + file
              + " at "
              + config.getMasterUrl()
              + " ("
              + reason(e)
              + "); nothing was started. Check that the cluster runs and that the kubeconfig's"
              + " current context points at it.",
          e);
    }
  }

  private static String reason(KubernetesClientException e) {
    if (e.getCode() == 401 || e.getCode() == 403) {
      return "it refuses the kubeconfig's credentials: " + e.getCode();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "no such host";
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
      if (t instanceof java.net.http.HttpTimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return "no answer within 10 s";
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
