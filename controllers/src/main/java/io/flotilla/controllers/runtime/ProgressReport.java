package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status written between the steps of a run, so users see what runs (Flux persists {@code
 * Reconciling} before slow work). A report is informative: the final status write still tells the
 * outcome, so a report the API refuses is only logged at DEBUG.
 */
public final class ProgressReport {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressReport.class);

  private ProgressReport() {}

  /**
   * Patches the status subresource with {@code patch} and carries the version written over to
   * {@code object}, so that the final write is checked against it. A conflict of a patch that
   * carries a resourceVersion is thrown: the object changed since the run read it.
   */
  public static <R extends HasMetadata> void patchStatus(
      KubernetesClient client, R object, R patch) {
    try {
      R patched = client.resource(patch).patchStatus();
      if (patched != null && patched.getMetadata() != null) {
        object.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 && patch.getMetadata().getResourceVersion() != null) {
        throw e;
      }
      dropped(object, e);
    }
  }

  /** Runs {@code write}, a report of {@code object}'s progress written some other way. */
  public static void write(HasMetadata object, Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      dropped(object, e);
    }
  }

  private static void dropped(HasMetadata object, KubernetesClientException e) {
    LOG.debug(
        "could not record progress of {}/{}: {}",
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        e.getMessage());
  }
}
