package io.flotilla.controllers.kustomization;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.ReconcileException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flux's dependsOn rule: each dependency is Ready at its current generation and, when it reads the
 * same source, has applied the revision this Kustomization is about to apply.
 */
final class DependencyCheck {
  /** Flux's prefix for errors that wait for a spec change instead of a retry. */
  static final String TERMINAL_ERROR =
      "Reconciliation failed terminally due to configuration error";

  private static final Map<String, CelType> VARIABLES =
      Map.of(
          "self", MapType.create(SimpleType.STRING, SimpleType.DYN),
          "dep", MapType.create(SimpleType.STRING, SimpleType.DYN));

  private DependencyCheck() {}

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  static List<String> dependencyKeys(Kustomization ks) {
    List<DependencyReference> deps = ks.getSpec().dependsOn();
    if (deps == null) {
      return List.of();
    }
    return deps.stream()
        .map(
            d ->
                key(
                    d.namespace() == null ? ks.getMetadata().getNamespace() : d.namespace(),
                    d.name()))
        .toList();
  }

  static void verify(KubernetesClient client, Kustomization ks, String revision)
      throws ReconcileException {
    List<DependencyReference> refs = ks.getSpec().dependsOn();
    if (refs == null) {
      return;
    }
    Map<String, Object> self = null;
    for (DependencyReference ref : refs) {
      String ns = ref.namespace() == null ? ks.getMetadata().getNamespace() : ref.namespace();
      String key = key(ns, ref.name());
      Kustomization dep =
          client.resources(Kustomization.class).inNamespace(ns).withName(ref.name()).get();
      if (dep == null) {
        throw new ReconcileException(
            Reasons.DEPENDENCY_NOT_READY, "dependency '" + key + "' is not ready", false);
      }
      if (ref.readyExpr() != null && !ref.readyExpr().isEmpty()) {
        // readyExpr replaces the built-in check (Flux without AdditiveCELDependencyCheck)
        if (self == null) {
          self = asMap(client, ks);
        }
        if (!readyByExpression(ref.readyExpr(), self, asMap(client, dep), dep)) {
          throw new ReconcileException(
              Reasons.DEPENDENCY_NOT_READY,
              "dependency '" + key + "' is not ready according to readyExpr eval",
              false);
        }
        continue;
      }
      if (!ready(ks, dep, revision)) {
        throw new ReconcileException(
            Reasons.DEPENDENCY_NOT_READY, "dependency '" + key + "' is not ready", false);
      }
    }
  }

  /**
   * Evaluates {@code readyExpr} with {@code self} (this Kustomization) and {@code dep}. One that
   * does not compile to a boolean is a terminal configuration error.
   */
  static boolean readyByExpression(
      String expr, Map<String, Object> self, Map<String, Object> depMap, Kustomization dep)
      throws ReconcileException {
    CelRuntime.Program program;
    try {
      program = CelEnv.compile(expr, VARIABLES, SimpleType.BOOL);
    } catch (CelEnv.InvalidExpression e) {
      throw new ReconcileException(
          Reasons.INVALID_CEL_EXPRESSION,
          TERMINAL_ERROR
              + ": failed to evaluate dependency "
              + dep.getMetadata().getName()
              + ": "
              + e.getMessage(),
          true);
    }
    try {
      return CelEnv.evalBoolean(
          program, expr, Map.of("self", CelEnv.value(self), "dep", CelEnv.value(depMap)));
    } catch (CelEnv.EvaluationError e) {
      throw new ReconcileException(Reasons.DEPENDENCY_NOT_READY, e.getMessage(), false);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(KubernetesClient client, Kustomization ks) {
    return client.getKubernetesSerialization().convertValue(ks, Map.class);
  }

  static boolean ready(Kustomization ks, Kustomization dep, String revision) {
    if (dep == null
        || dep.getStatus() == null
        || !Conditions.isReady(dep.getStatus().conditions())) {
      return false;
    }
    if (!Objects.equals(dep.getMetadata().getGeneration(), dep.getStatus().observedGeneration())) {
      return false;
    }
    boolean sameSource =
        Objects.equals(dep.getSpec().sourceRef().kind(), ks.getSpec().sourceRef().kind())
            && Objects.equals(dep.getSpec().sourceRef().name(), ks.getSpec().sourceRef().name())
            && Objects.equals(
                SourceResolver.sourceNamespace(dep), SourceResolver.sourceNamespace(ks));
    return !sameSource || Objects.equals(dep.getStatus().lastAppliedRevision(), revision);
  }
}
