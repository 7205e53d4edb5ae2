package io.flotilla.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How an install, upgrade or rollback acts: the union of HelmRelease's {@code install}, {@code
 * upgrade} and {@code rollback} settings that the engine honours. {@code postRenderer} runs on the
 * rendered objects (hooks excluded) before they are applied and stored (Flux's post-renderers and
 * commonMetadata); {@code ownerLabels} are put on every applied object
 * (helm.toolkit.fluxcd.io/name, /namespace).
 */
public record ActionOptions(
    Duration timeout,
    boolean disableWait,
    boolean disableWaitForJobs,
    boolean disableHooks,
    boolean disableSchemaValidation,
    boolean disableOpenAPIValidation,
    boolean createNamespace,
    CrdPolicy crds,
    boolean force,
    boolean cleanupOnFail,
    int maxHistory,
    String description,
    Map<String, String> ownerLabels,
    UnaryOperator<List<GenericKubernetesResource>> postRenderer) {

  /** {@code install.crds} / {@code upgrade.crds}. */
  public enum CrdPolicy {
    SKIP,
    CREATE,
    CREATE_REPLACE
  }

  public static ActionOptions defaults() {
    return new ActionOptions(
        Duration.ofMinutes(5),
        false,
        false,
        false,
        false,
        false,
        false,
        CrdPolicy.CREATE,
        false,
        false,
        5,
        null,
        Map.of(),
        UnaryOperator.identity());
  }
}
