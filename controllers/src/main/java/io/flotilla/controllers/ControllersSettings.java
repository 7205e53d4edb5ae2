package io.flotilla.controllers;

import io.flotilla.controllers.runtime.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine's settings from the {@code microsoft.flux} extension's configurationSettings, with
 * Azure's keys, over the process's own options: which controllers run, their log levels and
 * concurrency, the Kustomization dependency requeue, strict substitution, Helm drift detection and
 * multi-tenancy. A value that cannot be read keeps the default and is listed in {@code errors} with
 * the key and the values it accepts.
 */
public record ControllersSettings(
    boolean sourceEnabled,
    boolean kustomizeEnabled,
    boolean helmEnabled,
    boolean notificationEnabled,
    int sourceConcurrent,
    int kustomizeConcurrent,
    int helmConcurrent,
    Duration requeueDependency,
    boolean strictSubstitution,
    boolean helmDetectDrift,
    boolean multiTenancyEnforce,
    Map<String, String> logLevels,
    List<String> errors) {

  static final String SOURCE = "source-controller";
  static final String KUSTOMIZE = "kustomize-controller";
  static final String HELM = "helm-controller";
  static final String NOTIFICATION = "notification-controller";

  /** Controllers whose {@code .log-level} Azure documents, with the values it accepts. */
  static final List<String> LOGGED =
      List.of(
          SOURCE,
          KUSTOMIZE,
          HELM,
          NOTIFICATION,
          "image-automation-controller",
          "image-reflector-controller",
          "fluxconfig-agent",
          "fluxconfig-controller");

  private static final Set<String> LEVELS = Set.of("info", "error", "debug");

  /** The defaults of a process started with {@code options}, before any extension setting. */
  static ControllersSettings defaults(ControllerOptions options) {
    return parse(Map.of(), options);
  }

  static ControllersSettings parse(Map<String, String> raw, ControllerOptions options) {
    Map<String, String> s = raw == null ? Map.of() : raw;
    List<String> errors = new ArrayList<>();
    Map<String, String> levels = new LinkedHashMap<>();
    for (String controller : LOGGED) {
      String key = controller + ".log-level";
      String v = s.get(key);
      if (v == null) {
        continue;
      }
      String level = v.strip().toLowerCase(Locale.ROOT);
      if (LEVELS.contains(level)) {
        levels.put(controller, level);
      } else {
        errors.add("configuration setting '" + key + "' is '" + v + "': use info, error or debug");
      }
    }
    refuseOutOfMemoryWatch(s, errors);
    return new ControllersSettings(
        bool(s, SOURCE + ".enabled", true, errors),
        bool(s, KUSTOMIZE + ".enabled", true, errors),
        bool(s, HELM + ".enabled", true, errors),
        bool(s, NOTIFICATION + ".enabled", true, errors),
        count(s, SOURCE + ".concurrent", options.concurrency(), errors),
        count(s, KUSTOMIZE + ".concurrent", options.concurrency(), errors),
        count(s, HELM + ".concurrent", options.concurrency(), errors),
        duration(s, KUSTOMIZE + ".requeue-dependency", options.requeueDependency(), errors),
        bool(s, KUSTOMIZE + ".strict-substitution-mode", true, errors),
        bool(s, HELM + ".detectDrift", false, errors),
        bool(s, "multiTenancy.enforce", enforcedBy(options), errors),
        Map.copyOf(levels),
        List.copyOf(errors));
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

  /**
   * Azure's {@code helm-controller.outOfMemoryWatch.*} (Flux's OOMWatch gate: stop Helm actions
   * before a container's memory limit kills them) is refused when turned on: this engine runs in a
   * JVM without a cgroup watch, and instead recovers releases an interrupted action left pending
   * (unlock) on its next start.
   */
  private static void refuseOutOfMemoryWatch(Map<String, String> s, List<String> errors) {
    String key = HELM + ".outOfMemoryWatch.enabled";
    String v = s.get(key);
    if (v != null && v.strip().equalsIgnoreCase("true")) {
      errors.add(
          "configuration setting '"
              + key
              + "' is 'true': not supported by this engine, which has no container memory watch;"
              + " releases left pending by an interrupted action are unlocked and retried on the"
              + " next start. Remove the setting or set it to false");
    }
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

  boolean helmChanged(ControllersSettings n) {
    return helmEnabled != n.helmEnabled
        || helmConcurrent != n.helmConcurrent
        || !requeueDependency.equals(n.requeueDependency)
        || multiTenancyEnforce != n.multiTenancyEnforce
        || helmDetectDrift != n.helmDetectDrift;
  }

  /** True when the source controller must be restarted to move from {@code this} to {@code n}. */
  boolean sourceChanged(ControllersSettings n) {
    return sourceEnabled != n.sourceEnabled || sourceConcurrent != n.sourceConcurrent;
  }

  boolean kustomizeChanged(ControllersSettings n) {
    return kustomizeEnabled != n.kustomizeEnabled
        || kustomizeConcurrent != n.kustomizeConcurrent
        || !requeueDependency.equals(n.requeueDependency)
        || multiTenancyEnforce != n.multiTenancyEnforce
        || strictSubstitution != n.strictSubstitution;
  }

  private static boolean bool(
      Map<String, String> s, String key, boolean fallback, List<String> errors) {
    String v = s.get(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        errors.add("configuration setting '" + key + "' is '" + v + "': use true or false");
        yield fallback;
      }
    };
  }

  private static int count(Map<String, String> s, String key, int fallback, List<String> errors) {
    String v = s.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        "configuration setting '" + key + "' is '" + v + "': use a whole number from 1 to 1000");
    return fallback;
  }

  private static Duration duration(
      Map<String, String> s, String key, Duration fallback, List<String> errors) {
    String v = s.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      Duration d = GoDuration.parse(v.strip());
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    errors.add(
        "configuration setting '"
            + key
            + "' is '"
            + v
            + "': use a positive Go duration such as 30s or 1m30s");
    return fallback;
  }
}
