package io.flotilla.controllers.notification;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.notification.CrossNamespaceObjectReference;
import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.controllers.runtime.CelEnv;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a valid webhook call does: {@code reconcile.fluxcd.io/requestedAt} set to now on each
 * resource of the Receiver ({@code *} with {@code matchLabels} for many), those {@code
 * resourceFilter} (CEL over {@code res} and the JSON body {@code req}) keeps.
 */
record ReconcileRequests(KubernetesClient client, boolean noCrossNamespaceRefs, Clock clock) {
  private static final Map<String, String> API_VERSIONS =
      Map.of(
          "Bucket", "source.toolkit.fluxcd.io/v1",
          "GitRepository", "source.toolkit.fluxcd.io/v1",
          "HelmRepository", "source.toolkit.fluxcd.io/v1",
          "HelmChart", "source.toolkit.fluxcd.io/v1",
          "OCIRepository", "source.toolkit.fluxcd.io/v1",
          "Kustomization", "kustomize.toolkit.fluxcd.io/v1",
          "HelmRelease", "helm.toolkit.fluxcd.io/v2",
          "ImageRepository", "image.toolkit.fluxcd.io/v1",
          "ImagePolicy", "image.toolkit.fluxcd.io/v1",
          "ImageUpdateAutomation", "image.toolkit.fluxcd.io/v1");

  /** Requests a reconcile of every target; the errors, one per resource that failed. */
  List<String> request(Receiver receiver, byte[] body, boolean jsonBody) {
    List<String> errors = new ArrayList<>();
    CelRuntime.Program filter = null;
    Map<String, Object> req = Map.of();
    String expr = receiver.getSpec().resourceFilter();
    if (expr != null && !expr.isBlank()) {
      try {
        filter = CelEnv.compile(expr, ReceiverReconciler.FILTER_VARIABLES, SimpleType.BOOL);
        if (jsonBody && body.length > 0) {
          req = Http.JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
        }
      } catch (CelEnv.InvalidExpression e) {
        return List.of(e.getMessage());
      } catch (java.io.IOException e) {
        return List.of("failed to parse request body as JSON: " + e.getMessage());
      }
    }
    String token = Instant.now(clock).toString();
    for (CrossNamespaceObjectReference ref : receiver.getSpec().resources()) {
      try {
        for (GenericKubernetesResource target : targets(receiver, ref)) {
          if (filter != null
              && !CelEnv.evalBoolean(
                  filter,
                  expr,
                  Map.of(
                      "res",
                      CelEnv.value(Http.JSON.convertValue(target, Map.class)),
                      "req",
                      CelEnv.value(req)))) {
            continue;
          }
          annotate(target, token);
        }
      } catch (Refusal | CelEnv.EvaluationError e) {
        errors.add(e.getMessage());
      } catch (KubernetesClientException e) {
        errors.add("unable to annotate " + ref.kind() + " '" + ref.name() + "': " + e.getMessage());
      }
    }
    return errors;
  }

  private List<GenericKubernetesResource> targets(
      Receiver receiver, CrossNamespaceObjectReference ref) throws Refusal {
    String own = receiver.getMetadata().getNamespace();
    String ns = ref.namespace() == null || ref.namespace().isEmpty() ? own : ref.namespace();
    if (noCrossNamespaceRefs && !ns.equals(own)) {
      throw new Refusal(
          "can't access '"
              + ref.kind()
              + "/"
              + ns
              + "/"
              + ref.name()
              + "', cross-namespace references have been blocked");
    }
    String kind = ref.kind().name();
    String apiVersion = ref.apiVersion() != null ? ref.apiVersion() : API_VERSIONS.get(kind);
    if (apiVersion == null) {
      throw new Refusal("apiVersion must be specified for kind '" + kind + "'");
    }
    var resources = client.genericKubernetesResources(apiVersion, kind);
    if ("*".equals(ref.name())) {
      var scoped = "*".equals(ns) ? resources.inAnyNamespace() : resources.inNamespace(ns);
      var labelled =
          ref.matchLabels() == null || ref.matchLabels().isEmpty()
              ? scoped
              : scoped.withLabels(ref.matchLabels());
      return labelled.list().getItems();
    }
    GenericKubernetesResource one = resources.inNamespace(ns).withName(ref.name()).get();
    if (one == null) {
      throw new Refusal("unable to read " + kind + " '" + ns + "/" + ref.name() + "': not found");
    }
    return List.of(one);
  }

  private void annotate(GenericKubernetesResource target, String token) {
    String patch =
        "{\"metadata\":{\"annotations\":{\""
            + Annotations.RECONCILE_REQUESTED_AT
            + "\":\""
            + token
            + "\"}}}";
    client
        .genericKubernetesResources(target.getApiVersion(), target.getKind())
        .inNamespace(target.getMetadata().getNamespace())
        .withName(target.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private static final class Refusal extends Exception {
    Refusal(String message) {
      super(message);
    }
  }
}
