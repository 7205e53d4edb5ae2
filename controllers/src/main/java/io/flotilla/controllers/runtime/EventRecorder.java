package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on Flux objects, as the Flux controllers do. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 39_000;
  private final KubernetesClient client;
  private final String controller;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, String controller, Clock clock) {
    this.client = client;
    this.controller = controller;
    this.clock = clock;
  }

  public void normal(HasMetadata object, String reason, String message) {
    emit(object, "Normal", reason, message, null);
  }

  /**
   * A Normal event with annotations, as Flux's {@code AnnotatedEventf}: e.g. {@code
   * source.toolkit.fluxcd.io/revision} and {@code .../digest} on a new artifact.
   */
  public void normal(
      HasMetadata object, String reason, String message, Map<String, String> annotations) {
    emit(object, "Normal", reason, message, annotations);
  }

  public void warning(HasMetadata object, String reason, String message) {
    emit(object, "Warning", reason, message, null);
  }

  /** A Warning event with annotations (helm-controller's failure events carry the revision). */
  public void warning(
      HasMetadata object, String reason, String message, Map<String, String> annotations) {
    emit(object, "Warning", reason, message, annotations);
  }

  private void emit(
      HasMetadata object,
      String type,
      String reason,
      String message,
      Map<String, String> annotations) {
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    var meta = object.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(meta.getNamespace())
            .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withAnnotations(annotations == null || annotations.isEmpty() ? null : annotations)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(object.getApiVersion())
            .withKind(object.getKind())
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(text)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(controller)
            .endSource()
            .withReportingComponent(controller)
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // Events are best effort: a failure to record one must not fail the reconcile.
      LOG.debug(
          "could not record event on {}/{}: {}",
          meta.getNamespace(),
          meta.getName(),
          e.getMessage());
    }
  }
}
