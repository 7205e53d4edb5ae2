package io.flotilla.controllers;

import io.flotilla.api.agent.FluxExtensionSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's settings from the {@code microsoft.flux} extension's configurationSettings, with
 * Azure's keys, over the process's own options: which controllers run, their log levels and
 * concurrency, the Kustomization dependency requeue, strict substitution, Helm drift detection and
 * multi-tenancy. A value that cannot be read keeps what was running and is listed in {@code errors}
 * with the key and the values it accepts.
 */
public record ControllersSettings(
    boolean sourceEnabled,
    boolean kustomizeEnabled,
    boolean helmEnabled,
    boolean notificationEnabled,
    boolean imageReflectorEnabled,
    boolean imageAutomationEnabled,
    int sourceConcurrent,
    int kustomizeConcurrent,
    int helmConcurrent,
    Duration requeueDependency,
    boolean strictSubstitution,
    boolean helmDetectDrift,
    boolean multiTenancyEnforce,
    Map<String, String> logLevels,
    List<String> errors) {

  static final String SOURCE = FluxExtensionSettings.SOURCE;
  static final String KUSTOMIZE = FluxExtensionSettings.KUSTOMIZE;
  static final String HELM = FluxExtensionSettings.HELM;
  static final String NOTIFICATION = FluxExtensionSettings.NOTIFICATION;
  static final String IMAGE_REFLECTOR = FluxExtensionSettings.IMAGE_REFLECTOR;
  static final String IMAGE_AUTOMATION = FluxExtensionSettings.IMAGE_AUTOMATION;

  /** The defaults of a process started with {@code options}, before any extension setting. */
  static ControllersSettings defaults(ControllerOptions options) {
    return parse(Map.of(), options);
  }

  static ControllersSettings parse(Map<String, String> raw, ControllerOptions options) {
    return parse(raw, options, null);
  }

  /**
   * The settings of {@code raw} by {@link FluxExtensionSettings}' rule (the one the service checks
   * them with). A value that cannot be used keeps what {@code running} runs with (the process's
   * defaults when null), so a bad value never silently resets a running setting, and is listed in
   * {@code errors}.
   */
  static ControllersSettings parse(
      Map<String, String> raw, ControllerOptions options, ControllersSettings running) {
    Map<String, String> s = raw == null ? Map.of() : raw;
    ControllersSettings base = initial(options);
    ControllersSettings was = running == null ? base : running;
    Map<String, String> levels = new LinkedHashMap<>();
    for (String controller : FluxExtensionSettings.LOGGED) {
      String v = s.get(controller + ".log-level");
      if (v != null) {
        FluxExtensionSettings.level(v)
            .or(() -> Optional.ofNullable(was.logLevels().get(controller)))
            .ifPresent(level -> levels.put(controller, level));
      }
    }
    Values v = new Values(s);
    return new ControllersSettings(
        v.bool(SOURCE + ".enabled", base.sourceEnabled(), was.sourceEnabled()),
        v.bool(KUSTOMIZE + ".enabled", base.kustomizeEnabled(), was.kustomizeEnabled()),
        v.bool(HELM + ".enabled", base.helmEnabled(), was.helmEnabled()),
        v.bool(NOTIFICATION + ".enabled", base.notificationEnabled(), was.notificationEnabled()),
        v.bool(
            IMAGE_REFLECTOR + ".enabled",
            base.imageReflectorEnabled(),
            was.imageReflectorEnabled()),
        v.bool(
            IMAGE_AUTOMATION + ".enabled",
            base.imageAutomationEnabled(),
            was.imageAutomationEnabled()),
        v.count(SOURCE + ".concurrent", base.sourceConcurrent(), was.sourceConcurrent()),
        v.count(KUSTOMIZE + ".concurrent", base.kustomizeConcurrent(), was.kustomizeConcurrent()),
        v.count(HELM + ".concurrent", base.helmConcurrent(), was.helmConcurrent()),
        v.duration(
            KUSTOMIZE + ".requeue-dependency", base.requeueDependency(), was.requeueDependency()),
        v.bool(
            KUSTOMIZE + ".strict-substitution-mode",
            base.strictSubstitution(),
            was.strictSubstitution()),
        v.bool(HELM + ".detectDrift", base.helmDetectDrift(), was.helmDetectDrift()),
        v.bool("multiTenancy.enforce", base.multiTenancyEnforce(), was.multiTenancyEnforce()),
        Map.copyOf(levels),
        FluxExtensionSettings.check(s).stream()
            .map(FluxExtensionSettings.Problem::message)
            .toList());
  }

  /** What the process runs with before any setting: its own options. */
  private static ControllersSettings initial(ControllerOptions options) {
    return new ControllersSettings(
        true,
        true,
        true,
        true,
        // Azure's defaults: the image controllers run only when their setting asks
        false,
        false,
        options.concurrency(),
        options.concurrency(),
        options.concurrency(),
        options.requeueDependency(),
        true,
        false,
        enforcedBy(options),
        Map.of(),
        List.of());
  }

  /** The options the kustomize controller runs with under these settings. */
  ControllerOptions kustomizeOptions(ControllerOptions base) {
    ControllerOptions o =
        base.withRequeueDependency(requeueDependency).withConcurrency(kustomizeConcurrent);
    // a setting that says what the process started with keeps the process's own finer choice
    // (e.g. cross-namespace references refused without a default service account)
    return multiTenancyEnforce == enforcedBy(base) ? o : o.withMultiTenancy(multiTenancyEnforce);
  }

  /** What {@code multiTenancy.enforce} defaults to for a process started with {@code options}. */
  private static boolean enforcedBy(ControllerOptions options) {
    return options.defaultServiceAccount() != null;
  }

  /** The helm-controller's options under these settings. */
  io.flotilla.controllers.helmrelease.HelmControllerOptions helmOptions(ControllerOptions base) {
    return io.flotilla.controllers.helmrelease.HelmControllerOptions.defaults()
        .withRequeueDependency(requeueDependency)
        .withNoCrossNamespaceRefs(
            multiTenancyEnforce == enforcedBy(base)
                ? multiTenancyEnforce || base.noCrossNamespaceRefs()
                : multiTenancyEnforce)
        .withDetectDrift(helmDetectDrift);
  }

  /** notification-controller restarts when enabled/disabled or its tenancy changes. */
  boolean notificationChanged(ControllersSettings n) {
    return notificationEnabled != n.notificationEnabled
        || multiTenancyEnforce != n.multiTenancyEnforce;
  }

  /** image-reflector-controller starts or stops with its setting. */
  boolean imageReflectorChanged(ControllersSettings n) {
    return imageReflectorEnabled != n.imageReflectorEnabled;
  }

  boolean imageAutomationChanged(ControllersSettings n) {
    return imageAutomationEnabled != n.imageAutomationEnabled;
  }

  boolean helmChanged(ControllersSettings n) {
    return helmEnabled != n.helmEnabled
        || helmConcurrent != n.helmConcurrent
        || appliersChanged(n)
        || helmDetectDrift != n.helmDetectDrift;
  }

  /** True when the source controller must be restarted to move from {@code this} to {@code n}. */
  boolean sourceChanged(ControllersSettings n) {
    return sourceEnabled != n.sourceEnabled || sourceConcurrent != n.sourceConcurrent;
  }

  boolean kustomizeChanged(ControllersSettings n) {
    return kustomizeEnabled != n.kustomizeEnabled
        || kustomizeConcurrent != n.kustomizeConcurrent
        || appliersChanged(n)
        || strictSubstitution != n.strictSubstitution;
  }

  /** The settings the helm and kustomize controllers both apply with. */
  private boolean appliersChanged(ControllersSettings n) {
    return !requeueDependency.equals(n.requeueDependency)
        || multiTenancyEnforce != n.multiTenancyEnforce;
  }

  /**
   * Reads one value: absent means the process's default, a value the rule refuses keeps what was
   * running.
   */
  private record Values(Map<String, String> s) {
    boolean bool(String key, boolean absent, boolean refused) {
      return s.containsKey(key) ? FluxExtensionSettings.bool(s.get(key)).orElse(refused) : absent;
    }

    int count(String key, int absent, int refused) {
      return s.containsKey(key) ? FluxExtensionSettings.count(s.get(key)).orElse(refused) : absent;
    }

    Duration duration(String key, Duration absent, Duration refused) {
      return s.containsKey(key)
          ? FluxExtensionSettings.duration(s.get(key)).orElse(refused)
          : absent;
    }
  }
}
