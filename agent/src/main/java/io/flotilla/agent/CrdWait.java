package io.flotilla.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the cluster serves the FluxConfig kind the agent writes. An agent installed before
 * the controllers (which install the CRDs) waits and says what for, instead of failing.
 */
final class CrdWait {
  private static final Logger LOG = LoggerFactory.getLogger(CrdWait.class);
  static final String CRD = "fluxconfigs." + FluxConfig.GROUP;

  private CrdWait() {}

  static void await(KubernetesClient client, Duration every) throws InterruptedException {
    String said = null;
    while (true) {
      String missing = missing(client);
      if (missing == null) {
        if (said != null) {
          LOG.info("the cluster serves {} now; the agent starts", CRD);
        }
        return;
      }
      if (!missing.equals(said)) {
        LOG.info("waiting for {}: {}; checking every {} s", CRD, missing, every.toSeconds());
        said = missing;
      }
      Thread.sleep(every.toMillis());
    }
  }

  /** Why the kind cannot be used yet, or null when it can. */
  static String missing(KubernetesClient client) {
    try {
      client
          .resources(FluxConfig.class)
          .inAnyNamespace()
          .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return "the CRD is not installed yet (`flotilla controller` installs it, as does"
            + " `flotilla up`)";
      }
      if (e.getCode() == 401 || e.getCode() == 403) {
        return "the cluster refuses the agent's credentials (" + e.getCode() + ")";
      }
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return "the cluster's API cannot be read ("
          + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())
          + ")";
    }
  }
}
