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
  private static final String EVENT_ANNOTATION_PREFIX = "event.toolkit.fluxcd.io/";
  private static final String INSTANCE = instance();
  private final KubernetesClient client;
  private final String controller;
  private final Clock clock;
  private final EventSink sink;

  public EventRecorder(KubernetesClient client, String controller, Clock clock) {
    this(client, controller, clock, EventSink.NONE);
  }

  /** Events also go to {@code sink} (the notification pipeline) in Flux's event shape. */
  public EventRecorder(KubernetesClient client, String controller, Clock clock, EventSink sink) {
    this.client = client;
    this.controller = controller;
    this.clock = clock;
    this.sink = sink;
  }

  /**
   * An info event for notifications only, not stored as a Kubernetes Event: Flux's periodic
   * "Reconciliation finished" event (client-go aggregates those in Flux; here they would add one
   * Event object per interval and object).
   */
  public void notifyInfo(
      HasMetadata object, String reason, String message, Map<String, String> annotations) {
    sink.publish(fluxEvent(object, FluxEvent.INFO, reason, truncate(message), annotations));
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
    String text = truncate(message);
    sink.publish(
        fluxEvent(
            object,
            "Warning".equals(type) ? FluxEvent.ERROR : FluxEvent.INFO,
            reason,
            text,
            annotations));
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

  private static String truncate(String message) {
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
  }

  /**
   * Flux's recorder: annotations of the object's own API group lose that prefix ({@code
   * kustomize.toolkit.fluxcd.io/revision} becomes {@code revision}); the object's {@code
   * event.toolkit.fluxcd.io/*} annotations are added the same way.
   */
  private FluxEvent fluxEvent(
      HasMetadata object,
      String severity,
      String reason,
      String message,
      Map<String, String> annotations) {
    var meta = object.getMetadata();
    String apiVersion = object.getApiVersion();
    String group =
        apiVersion == null || !apiVersion.contains("/")
            ? ""
            : apiVersion.substring(0, apiVersion.indexOf('/'));
    Map<String, String> metadata = new java.util.TreeMap<>();
    if (annotations != null) {
      annotations.forEach(
          (k, v) ->
              metadata.put(k.startsWith(group + "/") ? k.substring(group.length() + 1) : k, v));
    }
    if (meta.getAnnotations() != null) {
      meta.getAnnotations()
          .forEach(
              (k, v) -> {
                if (k.startsWith(EVENT_ANNOTATION_PREFIX)) {
                  metadata.put(k.substring(EVENT_ANNOTATION_PREFIX.length()), v);
                }
              });
    }
    return new FluxEvent(
        new FluxEvent.InvolvedObject(
            object.getKind(),
            meta.getNamespace(),
            meta.getName(),
            meta.getUid(),
            apiVersion,
            meta.getResourceVersion()),
        severity,
        Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(),
        message,
        reason,
        metadata,
        controller,
        INSTANCE);
  }

  private static String instance() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "flotilla";
    }
  }
}
