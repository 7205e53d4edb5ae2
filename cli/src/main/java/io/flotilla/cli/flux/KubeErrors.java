package io.flotilla.cli.flux;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/** client-go's words for a failed request, as the flux CLI prints them. */
final class KubeErrors {
  private KubeErrors() {}

  /** The API server's own message when it answered, else why it could not be reached. */
  static String describe(KubernetesClientException e, URI server) {
    if (e.getStatus() != null
        && e.getStatus().getMessage() != null
        && !e.getStatus().getMessage().isBlank()) {
      return e.getStatus().getMessage();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (server != null && t instanceof ConnectException) {
        return "dial tcp " + hostPort(server) + ": connect: connection refused";
      }
      if (server != null && t instanceof HttpConnectTimeoutException) {
        return "dial tcp " + hostPort(server) + ": i/o timeout";
      }
      if (server != null && t instanceof UnknownHostException) {
        return "dial tcp: lookup " + server.getHost() + ": no such host";
      }
    }
    return e.getMessage();
  }

  static boolean notFound(KubernetesClientException e) {
    return e.getCode() == 404;
  }

  private static String hostPort(URI server) {
    int port =
        server.getPort() > 0 ? server.getPort() : "http".equals(server.getScheme()) ? 80 : 443;
    return server.getHost() + ":" + port;
  }
}
