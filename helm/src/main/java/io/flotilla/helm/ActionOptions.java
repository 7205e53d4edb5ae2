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

  public ActionOptions withTimeout(Duration value) {
    return new ActionOptions(
        value,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withDisableWait(boolean value) {
    return new ActionOptions(
        timeout,
        value,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withDisableWaitForJobs(boolean value) {
    return new ActionOptions(
        timeout,
        disableWait,
        value,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withDisableHooks(boolean value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        value,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withDisableSchemaValidation(boolean value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        value,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withDisableOpenAPIValidation(boolean value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        value,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withCreateNamespace(boolean value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        value,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withCrds(CrdPolicy value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        value,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withForce(boolean value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        value,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withCleanupOnFail(boolean value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        value,
        maxHistory,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withMaxHistory(int value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        value,
        description,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withDescription(String value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        value,
        ownerLabels,
        postRenderer);
  }

  public ActionOptions withOwnerLabels(Map<String, String> value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        value,
        postRenderer);
  }

  public ActionOptions withPostRenderer(UnaryOperator<List<GenericKubernetesResource>> value) {
    return new ActionOptions(
        timeout,
        disableWait,
        disableWaitForJobs,
        disableHooks,
        disableSchemaValidation,
        disableOpenAPIValidation,
        createNamespace,
        crds,
        force,
        cleanupOnFail,
        maxHistory,
        description,
        ownerLabels,
        value);
  }
}
