package io.flotilla.server.gitops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.net.NetworkErrors;
import java.net.URI;
import java.util.Locale;

/** What a failed call to a joined cluster says to a user: the API's own words, or Go's. */
final class LeafErrors {
  static final String TRUST_HINT =
      "set certificate-authority-data in the kubeconfig to trust the cluster's CA";

  private LeafErrors() {}

  /** The API server's status message, or the network failure in Go's words. */
  static String statusMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getCode() > 0 ? "HTTP " + e.getCode() : "the API server could not be reached";
  }

  /** Why a call to {@code server} failed, for a condition or an error answer. */
  static String describe(KubernetesClientException e, String server) {
    if (e.getCode() == 401) {
      return "Unauthorized: the cluster at "
          + server
          + " refused the kubeconfig's credentials (was the service account or its token Secret"
          + " deleted?)";
    }
    if (e.getCode() > 0) {
      return statusMessage(e);
    }
    String network = null;
    try {
      network =
          NetworkErrors.describe(e, NetworkErrors.Endpoint.of(URI.create(server)), TRUST_HINT);
    } catch (IllegalArgumentException ignored) {
      // not a URI: said below
    }
    if (network != null) {
      return network;
    }
    if (timedOut(e)) {
      return "no answer from " + server + " within " + Kubeconfigs.TIMEOUT_MILLIS / 1000 + "s";
    }
    return "cannot reach " + server;
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException
          || t instanceof java.net.http.HttpTimeoutException
          || t instanceof java.net.SocketTimeoutException
          || (t.getMessage() != null
              && t.getMessage().toLowerCase(Locale.ROOT).contains("timed out"))) {
        return true;
      }
    }
    return false;
  }
}
