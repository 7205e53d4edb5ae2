package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Asks a controller to reconcile an object now, as the flux CLI does: sets {@code
 * reconcile.fluxcd.io/requestedAt} (and a HelmRelease's {@code forceAt}/{@code resetAt}), then
 * waits until the controller reports it handled that request and the object is current.
 */
final class Reconciler {
  static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";
  static final String FORCE_AT = "reconcile.fluxcd.io/forceAt";
  static final String RESET_AT = "reconcile.fluxcd.io/resetAt";
  // Go's time.RFC3339Nano: trailing zeros of the fraction dropped.
  private static final DateTimeFormatter RFC3339_NANO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  private final Kube kube;
  private final Logger log;
  private final Deadline deadline;

  Reconciler(Kube kube, Logger log, Deadline deadline) {
    this.kube = kube;
    this.log = log;
    this.deadline = deadline;
  }

  /** Options of one request: reconcile the source first; force or reset a HelmRelease. */
  record Request(boolean withSource, boolean force, boolean reset) {
    static Request plain() {
      return new Request(false, false, false);
    }
  }

  void reconcile(FluxKind kind, String namespace, String name, Request request) {
    FluxObject o = kube.get(kind, namespace, name);
    if (o.isStatic()) {
      log.success("reconciliation not supported by the object");
      return;
    }
    if (o.suspended()) {
      throw new FluxException("resource is suspended");
    }
    boolean followsSource =
        kind == FluxKind.KUSTOMIZATION
            || kind == FluxKind.HELM_RELEASE
            || kind == FluxKind.HELM_CHART;
    if (followsSource && request.withSource()) {
      Source.of(o).ifPresent(s -> reconcile(s.kind(), s.namespace(), s.name(), s.request()));
    }
    String last = o.lastHandledReconcileAt();
    log.action("annotating " + kind.kind() + " " + name + " in " + namespace + " namespace");
    annotate(kind, namespace, name, request);
    log.success(kind.kind() + " annotated");
    log.waiting("waiting for " + kind.kind() + " reconciliation");
    FluxObject done =
        deadline.poll(
            () -> {
              FluxObject now = kube.get(kind, namespace, name);
              boolean handled = !now.lastHandledReconcileAt().equals(last);
              return handled && Kstatus.of(now) instanceof Kstatus.Current
                  ? Optional.of(now)
                  : Optional.empty();
            });
    JsonNode ready =
        done.ready().orElseThrow(() -> new FluxException("status can't be determined"));
    if (!ready.path("status").asText().equals("True")) {
      String message = ready.path("message").asText("");
      // flux quotes the message for sources, not for what follows a source
      throw new FluxException(
          kind.kind()
              + " reconciliation failed: "
              + (followsSource ? message : "'" + message + "'"));
    }
    log.success(successMessage(done));
  }

  private void annotate(FluxKind kind, String namespace, String name, Request request) {
    String now =
        RFC3339_NANO
            .format(Instant.now().atOffset(ZoneOffset.UTC))
            .replaceFirst("\\.?0+(Z|[+-])", "$1");
    ObjectNode patch = Kube.JSON.createObjectNode();
    ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
    annotations.put(REQUESTED_AT, now);
    if (kind == FluxKind.HELM_RELEASE && request.force()) {
      annotations.put(FORCE_AT, now);
    }
    if (kind == FluxKind.HELM_RELEASE && request.reset()) {
      annotations.put(RESET_AT, now);
    }
    kube.mergePatch(kind, namespace, name, patch);
  }

  static String successMessage(FluxObject o) {
    return switch (o.kind()) {
      case KUSTOMIZATION, HELM_RELEASE -> "applied revision " + o.revision();
      case ALERT_PROVIDER, ALERT, RECEIVER -> o.kind().kind() + " reconciliation completed";
      case IMAGE_REPOSITORY, IMAGE_POLICY, IMAGE_UPDATE -> ImageColumns.successMessage(o);
      default -> "fetched revision " + o.revision();
    };
  }
}
