package io.flotilla.server;

/** The small HTML page at {@code GET /}: what this is and where the APIs live, no data. */
final class LandingPage {
  private LandingPage() {}

  static String html(String version) {
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Flotilla configuration service</title></head>
        <body>
        <h1>Flotilla configuration service</h1>
        <p>Version %s</p>
        <ul>
        <li>ARM API: <code>/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/\
        {clusterRp}/{clusterType}/{cluster}/providers/Microsoft.KubernetesConfiguration/\
        fluxConfigurations?api-version=2025-04-01</code> (bearer token required)</li>
        <li>Connected clusters: <code>/subscriptions/{subscriptionId}/resourceGroups/\
        {resourceGroup}/providers/Microsoft.Kubernetes/connectedClusters</code></li>
        <li>Agent API: <code>/agent/v1/clusters/{clusterId}/desired</code></li>
        <li>Health: <code>/healthz</code></li>
        </ul>
        </body>
        </html>
        """
        .formatted(escape(version));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
