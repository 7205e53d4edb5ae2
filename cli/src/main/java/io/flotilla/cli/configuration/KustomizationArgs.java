package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Durations;
import io.flotilla.cli.arm.ArmClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Parses {@code --kustomization/-k KEY=VALUE ...} the way az does: every alias az knows, durations
 * to seconds, {@code dependsOn=[a,b]} to a list. The definition holds only the keys given, so the
 * service applies its own defaults on create and leaves the rest alone on update.
 */
final class KustomizationArgs {
  static final Set<String> DEPENDENCY_KEYS =
      Set.of("dependencies", "depends_on", "dependsOn", "depends");
  static final Set<String> SYNC_INTERVAL_KEYS = Set.of("interval", "sync_interval", "syncInterval");
  static final Set<String> RETRY_INTERVAL_KEYS = Set.of("retryInterval", "retry_interval");
  static final Set<String> TIMEOUT_KEYS = Set.of("timeout");
  // az matches only the hyphenated form; its help text advertises the underscore one, so take both.
  static final Set<String> DISABLE_HEALTH_CHECK_KEYS =
      Set.of("disable-health-check", "disable_health_check");
  static final String DEFAULT_NAME = "kustomization-1";

  /** One {@code -k} occurrence: the kustomization's name and its (partial) definition. */
  record Kustomization(String name, ObjectNode definition) {}

  /** A kustomization with no field given: the service fills in every default. */
  static final KustomizationDefinition EMPTY =
      new KustomizationDefinition(null, null, null, null, null, null, null, null, null, null);

  private KustomizationArgs() {}

  /** The parsed fields of one {@code -k} as the {@code api.arm} record the service reads. */
  static KustomizationDefinition definition(ObjectNode parsed) {
    return ArmClient.JSON.convertValue(parsed, KustomizationDefinition.class);
  }

  /**
   * Parses every occurrence, in order; a repeated name replaces the earlier definition (az keeps a
   * dict).
   */
  static Map<String, ObjectNode> parseAll(
      List<List<String>> occurrences, String optionName, Consumer<String> warn) {
    Map<String, ObjectNode> result = new LinkedHashMap<>();
    for (List<String> tokens : occurrences) {
      Kustomization k = parse(tokens, optionName, warn);
      result.put(k.name(), k.definition());
    }
    return result;
  }

  static Kustomization parse(List<String> tokens, String optionName, Consumer<String> warn) {
    ObjectNode def = JsonNodeFactory.instance.objectNode();
    String name = null;
    List<String> ignored = new ArrayList<>();
    for (String token : tokens) {
      int eq = token.indexOf('=');
      if (eq < 0) {
        throw CliException.invalid(
            "usage error: " + optionName + " KEY=VALUE [KEY=VALUE ...]", null);
      }
      String key = token.substring(0, eq);
      String value = token.substring(eq + 1);
      if (key.equals("name")) {
        Names.validateResourceName(value, "name", 63);
        name = value;
      } else if (key.equals("path")) {
        def.put("path", value);
      } else if (DEPENDENCY_KEYS.contains(key)) {
        ArrayNode deps = def.putArray("dependsOn");
        parseDependencies(value).forEach(deps::add);
      } else if (SYNC_INTERVAL_KEYS.contains(key)) {
        putSeconds(def, "syncIntervalInSeconds", Durations.parse("sync-interval", value));
      } else if (RETRY_INTERVAL_KEYS.contains(key)) {
        putSeconds(def, "retryIntervalInSeconds", Durations.parse("retry-interval", value));
      } else if (TIMEOUT_KEYS.contains(key)) {
        putSeconds(def, "timeoutInSeconds", Durations.parse("timeout", value));
      } else if (key.equals("prune") || key.equals("force")) {
        def.put(key, parseBoolean(key, value));
      } else if (DISABLE_HEALTH_CHECK_KEYS.contains(key)) {
        def.put("wait", !parseBoolean(key, value));
      } else {
        ignored.add(key);
      }
    }
    if (name == null) {
      throw CliException.invalid(
          "Error! Kustomization definition is invalid, required values {'name'} not found",
          "Add the required values to the Kustomization object and try again");
    }
    for (String key : ignored) {
      warn.accept(
          "Kustomization key '"
              + key
              + "' is not recognized and will be ignored. Valid keys are: name, path, dependsOn,"
              + " timeout, sync_interval, retry_interval, prune, force, disable_health_check");
    }
    return new Kustomization(name, def);
  }

  /**
   * az's {@code parse_dependencies}: strip, drop surrounding brackets, split on commas. A shell
   * removes quotes from {@code dependsOn=\["infra"\]}; when they do arrive (no shell, PowerShell)
   * we drop them too, since a kustomization name cannot contain quotes.
   */
  static List<String> parseDependencies(String value) {
    List<String> deps = new ArrayList<>();
    String v = value.strip();
    if (v.isEmpty()) {
      return deps;
    }
    if (v.charAt(0) == '[') {
      v = v.substring(1, Math.max(1, v.length() - (v.endsWith("]") ? 1 : 0)));
    }
    for (String part : v.split(",", -1)) {
      String dep = unquote(part.strip());
      if (!dep.isEmpty()) {
        deps.add(dep);
      }
    }
    return deps;
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("'") && s.endsWith("'")))) {
      return s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  private static void putSeconds(ObjectNode def, String field, Long seconds) {
    if (seconds != null) {
      def.put(field, seconds);
    }
  }

  static boolean parseBoolean(String key, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw CliException.invalid(
              "Error! Invalid value '" + value + "' for kustomization key '" + key + "'",
              "Specify " + key + "=true or " + key + "=false");
    };
  }
}
