package io.flotilla.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.api.RecordBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
    return with(o -> o.timeout = value);
  }

  public ActionOptions withDisableWait(boolean value) {
    return with(o -> o.disableWait = value);
  }

  public ActionOptions withDisableWaitForJobs(boolean value) {
    return with(o -> o.disableWaitForJobs = value);
  }

  public ActionOptions withDisableHooks(boolean value) {
    return with(o -> o.disableHooks = value);
  }

  public ActionOptions withDisableSchemaValidation(boolean value) {
    return with(o -> o.disableSchemaValidation = value);
  }

  public ActionOptions withDisableOpenAPIValidation(boolean value) {
    return with(o -> o.disableOpenAPIValidation = value);
  }

  public ActionOptions withCreateNamespace(boolean value) {
    return with(o -> o.createNamespace = value);
  }

  public ActionOptions withCrds(CrdPolicy value) {
    return with(o -> o.crds = value);
  }

  public ActionOptions withForce(boolean value) {
    return with(o -> o.force = value);
  }

  public ActionOptions withCleanupOnFail(boolean value) {
    return with(o -> o.cleanupOnFail = value);
  }

  public ActionOptions withMaxHistory(int value) {
    return with(o -> o.maxHistory = value);
  }

  public ActionOptions withDescription(String value) {
    return with(o -> o.description = value);
  }

  public ActionOptions withOwnerLabels(Map<String, String> value) {
    return with(o -> o.ownerLabels = value);
  }

  public ActionOptions withPostRenderer(UnaryOperator<List<GenericKubernetesResource>> value) {
    return with(o -> o.postRenderer = value);
  }

  /** A copy with {@code change} applied: each wither names only the field it sets. */
  private ActionOptions with(Consumer<Copy> change) {
    return RecordBuilder.edit(new Copy(this), change);
  }

  /** The fields of a copy while it is being changed. */
  private static final class Copy extends RecordBuilder<ActionOptions> {
    private Duration timeout;
    private boolean disableWait;
    private boolean disableWaitForJobs;
    private boolean disableHooks;
    private boolean disableSchemaValidation;
    private boolean disableOpenAPIValidation;
    private boolean createNamespace;
    private CrdPolicy crds;
    private boolean force;
    private boolean cleanupOnFail;
    private int maxHistory;
    private String description;
    private Map<String, String> ownerLabels;
    private UnaryOperator<List<GenericKubernetesResource>> postRenderer;

    private Copy(ActionOptions o) {
      super(o);
    }
  }
}
