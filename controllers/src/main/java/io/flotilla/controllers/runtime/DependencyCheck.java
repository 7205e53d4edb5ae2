package io.flotilla.controllers.runtime;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.Reasons;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Flux's dependsOn rule, shared by the Kustomization and HelmRelease reconcilers: each dependency
 * (of the same kind) exists and is ready — by its {@code readyExpr} when one is given (which
 * replaces the built-in check, Flux without AdditiveCELDependencyCheck), else by the kind's own
 * rule (Ready at its current generation, plus what the kind adds).
 */
public final class DependencyCheck {
  /** Flux's prefix for errors that wait for a spec change instead of a retry. */
  public static final String TERMINAL_ERROR =
      "Reconciliation failed terminally due to configuration error";

  private static final Map<String, CelType> VARIABLES =
      Map.of(
          "self", MapType.create(SimpleType.STRING, SimpleType.DYN),
          "dep", MapType.create(SimpleType.STRING, SimpleType.DYN));

  /** The kind's built-in readiness of a dependency. */
  public interface Readiness<T> {
    boolean ready(T dependency);
  }

  private static final String DEPENDS_INDEX = "dependsOn";

  private DependencyCheck() {}

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /**
   * The watch of a kind's objects as dependencies of one another: each object is indexed by the
   * dependencies it names ({@code dependsOn}), and an update of one that concerns its dependents
   * ({@link #readinessChanged}, {@code progress} being what it last applied or observed) reconciles
   * them.
   */
  public static <R extends CustomResource<?, ? extends FluxStatus>>
      EventSource<R, R> dependencyEvents(
          EventSourceContext<R> ctx,
          Class<R> type,
          Function<R, List<DependencyReference>> dependsOn,
          Function<R, Object> progress) {
    ctx.getPrimaryCache().addIndexer(DEPENDS_INDEX, r -> dependencyKeys(r, dependsOn.apply(r)));
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, type)
            .withName("dependencies")
            .withOnUpdateFilter((next, prev) -> readinessChanged(next, prev, progress))
            .withSecondaryToPrimaryMapper(
                dep -> PrimaryIndex.ids(ctx, DEPENDS_INDEX, PrimaryIndex.key(dep)))
            .build(),
        ctx);
  }

  /** {@code namespace/name} of each dependency, for an informer index. */
  private static List<String> dependencyKeys(HasMetadata self, List<DependencyReference> deps) {
    if (deps == null) {
      return List.of();
    }
    return deps.stream()
        .map(
            d ->
                key(
                    d.namespace() == null ? self.getMetadata().getNamespace() : d.namespace(),
                    d.name()))
        .toList();
  }

  /**
   * Throws DependencyNotReady ("dependency 'ns/name' is not ready") for the first dependency that
   * is missing or not ready.
   */
  public static <T extends HasMetadata> void verify(
      KubernetesClient client,
      T self,
      List<DependencyReference> refs,
      Class<T> type,
      Readiness<T> readiness)
      throws ReconcileException {
    if (refs == null) {
      return;
    }
    Map<String, Object> selfMap = null;
    for (DependencyReference ref : refs) {
      String ns = ref.namespace() == null ? self.getMetadata().getNamespace() : ref.namespace();
      String key = key(ns, ref.name());
      T dep = client.resources(type).inNamespace(ns).withName(ref.name()).get();
      if (dep == null) {
        throw notReady(key);
      }
      if (ref.readyExpr() != null && !ref.readyExpr().isEmpty()) {
        if (selfMap == null) {
          selfMap = asMap(client, self);
        }
        if (!readyByExpression(ref.readyExpr(), selfMap, asMap(client, dep), dep)) {
          throw new ReconcileException(
              Reasons.DEPENDENCY_NOT_READY,
              "dependency '" + key + "' is not ready according to readyExpr eval",
              false);
        }
        continue;
      }
      if (!readiness.ready(dep)) {
        throw notReady(key);
      }
    }
  }

  private static ReconcileException notReady(String key) {
    return new ReconcileException(
        Reasons.DEPENDENCY_NOT_READY, "dependency '" + key + "' is not ready", false);
  }

  /**
   * Evaluates {@code readyExpr} with {@code self} and {@code dep}. One that does not compile to a
   * boolean is a terminal configuration error.
   */
  public static boolean readyByExpression(
      String expr, Map<String, Object> self, Map<String, Object> depMap, HasMetadata dep)
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

  /** The built-in rule of every Flux kind: Ready=True for the generation it observed. */
  public static boolean readyAtGeneration(CustomResource<?, ? extends FluxStatus> dep) {
    FluxStatus s = dep.getStatus();
    return s != null
        && Conditions.isReady(s.conditions())
        && Objects.equals(dep.getMetadata().getGeneration(), s.observedGeneration());
  }

  /**
   * Whether an update of a dependency concerns its dependents: it became ready or stopped being
   * ready, or, ready, it moved on ({@code progress}: what it last applied or observed).
   */
  private static <R extends CustomResource<?, ? extends FluxStatus>> boolean readinessChanged(
      R next, R prev, Function<R, Object> progress) {
    boolean ready = Conditions.isReady(conditions(next));
    return ready != Conditions.isReady(conditions(prev))
        || ready && !Objects.equals(progress.apply(next), progress.apply(prev));
  }

  private static List<Condition> conditions(CustomResource<?, ? extends FluxStatus> object) {
    return object.getStatus() == null ? null : object.getStatus().conditions();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(KubernetesClient client, HasMetadata object) {
    return client.getKubernetesSerialization().convertValue(object, Map.class);
  }
}
