package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.helm.ActionOptions;
import io.flotilla.helm.DriftOptions;
import io.flotilla.helm.TestOptions;
import io.flotilla.helm.UninstallOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The engine options of each action, from a HelmRelease's {@code install}, {@code upgrade}, {@code
 * rollback}, {@code uninstall}, {@code test} and {@code driftDetection}, with helm-controller's
 * defaults: each action's timeout falls back to {@code spec.timeout} (5m), install creates CRDs and
 * upgrade skips them, history keeps {@code maxHistory} (5) revisions.
 */
final class ActionSettings {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  private final HelmReleaseSpec spec;
  private final Map<String, String> ownerLabels;
  private final UnaryOperator<List<GenericKubernetesResource>> postRenderer;

  ActionSettings(HelmRelease hr, UnaryOperator<List<GenericKubernetesResource>> postRenderer) {
    this.spec = hr.getSpec();
    this.ownerLabels = ownerLabels(hr);
    this.postRenderer = postRenderer;
  }

  static Map<String, String> ownerLabels(HelmRelease hr) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(HelmRelease.NAME_LABEL, hr.getMetadata().getName());
    labels.put(HelmRelease.NAMESPACE_LABEL, hr.getMetadata().getNamespace());
    return labels;
  }

  Duration timeout() {
    return spec.timeout() == null ? DEFAULT_TIMEOUT : GoDuration.parse(spec.timeout());
  }

  private Duration timeout(String specific) {
    return specific == null ? timeout() : GoDuration.parse(specific);
  }

  Duration installTimeout() {
    return timeout(spec.install() == null ? null : spec.install().timeout());
  }

  Duration upgradeTimeout() {
    return timeout(spec.upgrade() == null ? null : spec.upgrade().timeout());
  }

  Duration testTimeout() {
    return timeout(spec.test() == null ? null : spec.test().timeout());
  }

  Duration rollbackTimeout() {
    return timeout(spec.rollback() == null ? null : spec.rollback().timeout());
  }

  Duration uninstallTimeout() {
    return timeout(spec.uninstall() == null ? null : spec.uninstall().timeout());
  }

  int maxHistory() {
    return spec.maxHistory() == null ? History.DEFAULT_MAX : spec.maxHistory().intValue();
  }

  /** What every action shares: its timeout, the history kept, the owner labels. */
  private ActionOptions action(
      Duration timeout, UnaryOperator<List<GenericKubernetesResource>> renderer) {
    return ActionOptions.defaults()
        .withTimeout(timeout)
        .withMaxHistory(maxHistory())
        .withOwnerLabels(ownerLabels)
        .withPostRenderer(renderer);
  }

  ActionOptions install() {
    HelmReleaseSpec.Install i = spec.install();
    ActionOptions options = release(installTimeout(), i, ActionOptions.CrdPolicy.CREATE);
    if (i == null) {
      return options;
    }
    return options
        .withCreateNamespace(is(i.createNamespace()))
        .withCrds(
            Boolean.TRUE.equals(i.skipCRDs()) && i.crds() == null
                ? ActionOptions.CrdPolicy.SKIP
                : crds(i.crds(), ActionOptions.CrdPolicy.CREATE))
        .withForce(is(i.replace()));
  }

  ActionOptions upgrade() {
    HelmReleaseSpec.Upgrade u = spec.upgrade();
    ActionOptions options = release(upgradeTimeout(), u, ActionOptions.CrdPolicy.SKIP);
    if (u == null) {
      return options;
    }
    return options.withForce(is(u.force())).withCleanupOnFail(is(u.cleanupOnFail()));
  }

  /**
   * What install and upgrade set alike from their part of the spec ({@code a}, null when absent):
   * the waits and checks to skip, and the CRD policy, {@code crds} by default.
   */
  private ActionOptions release(
      Duration timeout, HelmReleaseSpec.ReleaseAction a, ActionOptions.CrdPolicy crds) {
    ActionOptions options = action(timeout, postRenderer).withCrds(crds);
    if (a == null) {
      return options;
    }
    return skipping(options, a.disableWait(), a.disableWaitForJobs(), a.disableHooks())
        .withDisableSchemaValidation(is(a.disableSchemaValidation()))
        .withDisableOpenAPIValidation(is(a.disableOpenAPIValidation()))
        .withCrds(crds(a.crds(), crds));
  }

  ActionOptions rollback() {
    ActionOptions options =
        action(rollbackTimeout(), UnaryOperator.identity()).withCrds(ActionOptions.CrdPolicy.SKIP);
    HelmReleaseSpec.Rollback r = spec.rollback();
    if (r == null) {
      return options;
    }
    return skipping(options, r.disableWait(), r.disableWaitForJobs(), r.disableHooks())
        .withForce(is(r.force()))
        .withCleanupOnFail(is(r.cleanupOnFail()));
  }

  /** The waits and hooks an action's part of the spec skips (each unset is false). */
  private static ActionOptions skipping(
      ActionOptions options, Boolean wait, Boolean waitForJobs, Boolean hooks) {
    return options
        .withDisableWait(is(wait))
        .withDisableWaitForJobs(is(waitForJobs))
        .withDisableHooks(is(hooks));
  }

  /** Options for correcting drift: the release's own objects, re-applied as they were released. */
  ActionOptions driftCorrection() {
    return action(timeout(), UnaryOperator.identity())
        .withDisableWait(true)
        .withDisableWaitForJobs(true)
        .withDisableHooks(true)
        .withDisableSchemaValidation(true)
        .withDisableOpenAPIValidation(true)
        .withCrds(ActionOptions.CrdPolicy.SKIP);
  }

  UninstallOptions uninstall() {
    HelmReleaseSpec.Uninstall u = spec.uninstall();
    if (u == null) {
      return new UninstallOptions(uninstallTimeout(), false, false, false, "background", null);
    }
    return new UninstallOptions(
        uninstallTimeout(),
        is(u.disableHooks()),
        is(u.keepHistory()),
        is(u.disableWait()),
        u.deletionPropagation() == null ? "background" : u.deletionPropagation(),
        null);
  }

  TestOptions test() {
    List<TestOptions.Filter> filters = new ArrayList<>();
    JsonNode f = spec.test() == null ? null : spec.test().filters();
    if (f != null && f.isArray()) {
      for (JsonNode n : f) {
        filters.add(new TestOptions.Filter(n.path("name").asText(), n.path("exclude").asBoolean()));
      }
    }
    return new TestOptions(testTimeout(), filters);
  }

  DriftOptions drift() {
    List<DriftOptions.IgnoreRule> rules = new ArrayList<>();
    if (spec.driftDetection() != null && spec.driftDetection().ignore() != null) {
      for (HelmReleaseSpec.IgnoreRule r : spec.driftDetection().ignore()) {
        JsonNode t = r.target();
        DriftOptions.Selector selector =
            t == null || t.isNull()
                ? null
                : new DriftOptions.Selector(
                    text(t, "group"),
                    text(t, "version"),
                    text(t, "kind"),
                    text(t, "name"),
                    text(t, "namespace"),
                    text(t, "labelSelector"),
                    text(t, "annotationSelector"));
        rules.add(new DriftOptions.IgnoreRule(r.paths() == null ? List.of() : r.paths(), selector));
      }
    }
    return new DriftOptions(rules);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static ActionOptions.CrdPolicy crds(String policy, ActionOptions.CrdPolicy fallback) {
    if (policy == null || policy.isEmpty()) {
      return fallback;
    }
    return switch (policy) {
      case "Skip" -> ActionOptions.CrdPolicy.SKIP;
      case "Create" -> ActionOptions.CrdPolicy.CREATE;
      case "CreateReplace" -> ActionOptions.CrdPolicy.CREATE_REPLACE;
      default -> fallback;
    };
  }

  private static boolean is(Boolean b) {
    return Boolean.TRUE.equals(b);
  }
}
