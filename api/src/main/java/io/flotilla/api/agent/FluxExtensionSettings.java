package io.flotilla.api.agent;

import io.flotilla.api.flux.meta.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rule for the {@code microsoft.flux} extension's configurationSettings that the engine reads:
 * one table of keys and what each accepts, used by the service to refuse a bad value before it is
 * stored and by the controllers to read the values it let through. Keys the engine does not read
 * (Azure's resource limits, workload identity, …) are not checked here: Azure passes them to its
 * chart, and so do we.
 */
public final class FluxExtensionSettings {
  /** What a setting's value must look like. */
  public enum Kind {
    BOOLEAN("use true or false"),
    LOG_LEVEL("use info, error or debug"),
    COUNT("use a whole number from 1 to " + FluxExtensionSettings.MAX_CONCURRENT),
    DURATION("use a positive Go duration such as 30s or 1m30s"),
    /** A boolean this engine only supports turned off (Flux's OOMWatch: no cgroup memory here). */
    OFF_ONLY(
        "not supported by this engine, which has no container memory watch; releases left pending"
            + " by an interrupted action are unlocked and retried on the next start. Remove the"
            + " setting or set it to false");

    private final String hint;

    Kind(String hint) {
      this.hint = hint;
    }

    /** The reason a value was refused, e.g. {@code use true or false}. */
    public String hint() {
      return hint;
    }

    boolean accepts(String value) {
      return switch (this) {
        case BOOLEAN -> bool(value).isPresent();
        case LOG_LEVEL -> level(value).isPresent();
        case COUNT -> count(value).isPresent();
        case DURATION -> duration(value).isPresent();
        case OFF_ONLY -> bool(value).filter(b -> !b).isPresent();
      };
    }
  }

  /** A refused value: which key, what it was, and what the key accepts. */
  public record Problem(String key, String value, Kind kind) {
    /** {@code configuration setting 'k' is 'v': use true or false}. */
    public String message() {
      String why =
          kind == Kind.OFF_ONLY && bool(value).isEmpty() ? Kind.BOOLEAN.hint() : kind.hint();
      return "configuration setting '" + key + "' is '" + value + "': " + why;
    }
  }

  public static final String SOURCE = "source-controller";
  public static final String KUSTOMIZE = "kustomize-controller";
  public static final String HELM = "helm-controller";
  public static final String NOTIFICATION = "notification-controller";
  public static final String IMAGE_REFLECTOR = "image-reflector-controller";
  public static final String IMAGE_AUTOMATION = "image-automation-controller";
  public static final int MAX_CONCURRENT = 1000;

  /** Controllers whose {@code .log-level} Azure documents. */
  public static final List<String> LOGGED =
      List.of(
          SOURCE,
          KUSTOMIZE,
          HELM,
          NOTIFICATION,
          IMAGE_AUTOMATION,
          IMAGE_REFLECTOR,
          "fluxconfig-agent",
          "fluxconfig-controller");

  private static final Set<String> LEVELS = Set.of("info", "error", "debug");

  /** Every key the engine reads, with its rule. */
  public static final Map<String, Kind> KEYS = keys();

  private FluxExtensionSettings() {}

  private static Map<String, Kind> keys() {
    Map<String, Kind> k = new LinkedHashMap<>();
    for (String controller : LOGGED) {
      k.put(controller + ".log-level", Kind.LOG_LEVEL);
    }
    for (String controller :
        List.of(SOURCE, KUSTOMIZE, HELM, NOTIFICATION, IMAGE_REFLECTOR, IMAGE_AUTOMATION)) {
      k.put(controller + ".enabled", Kind.BOOLEAN);
    }
    for (String controller : List.of(SOURCE, KUSTOMIZE, HELM)) {
      k.put(controller + ".concurrent", Kind.COUNT);
    }
    k.put(KUSTOMIZE + ".requeue-dependency", Kind.DURATION);
    k.put(KUSTOMIZE + ".strict-substitution-mode", Kind.BOOLEAN);
    k.put(HELM + ".detectDrift", Kind.BOOLEAN);
    k.put(HELM + ".outOfMemoryWatch.enabled", Kind.OFF_ONLY);
    k.put("multiTenancy.enforce", Kind.BOOLEAN);
    return Map.copyOf(k);
  }

  /** The problem with one setting, if the engine reads that key and cannot use the value. */
  public static Optional<Problem> check(String key, String value) {
    Kind kind = KEYS.get(key);
    if (kind == null || value == null || kind.accepts(value)) {
      return Optional.empty();
    }
    return Optional.of(new Problem(key, value, kind));
  }

  /** Every problem of {@code settings}, in key order; empty when the engine can use them all. */
  public static List<Problem> check(Map<String, String> settings) {
    List<Problem> out = new ArrayList<>();
    if (settings != null) {
      new TreeMap<>(settings).forEach((k, v) -> check(k, v).ifPresent(out::add));
    }
    return out;
  }

  /** {@code true}/{@code false}, any case, surrounding blanks ignored. */
  public static Optional<Boolean> bool(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /** {@code info}, {@code error} or {@code debug}, lowercased. */
  public static Optional<String> level(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String level = value.strip().toLowerCase(Locale.ROOT);
    return LEVELS.contains(level) ? Optional.of(level) : Optional.empty();
  }

  /** A whole number from 1 to {@link #MAX_CONCURRENT}. */
  public static OptionalInt count(String value) {
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      int n = Integer.parseInt(value.strip());
      return n >= 1 && n <= MAX_CONCURRENT ? OptionalInt.of(n) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** A positive Go duration ({@code 30s}, {@code 1m30s}). */
  public static Optional<Duration> duration(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      Duration d = GoDuration.parse(value.strip());
      return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
