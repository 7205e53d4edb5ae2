package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.FluxConfiguration;
import io.flotilla.api.arm.FluxConfigurationProperties;
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
 * to seconds, {@code dependsOn=[a,b]} to a list, into the {@code api.arm} record the service reads.
 * The definition holds only the keys given, so the service applies its own defaults on create and
 * leaves the rest alone on update.
 *
 * <p>Field order: az serializes a kustomization in its SDK model's order (path, dependsOn, timeout,
 * sync and retry intervals, prune, force, wait, postBuild), which is the record's order. Flotilla
 * has sent the fields in the order the user typed them since before the records, and {@code
 * FluxCommandsIT} pins that byte-for-byte (the merged PUT of {@code flux update}'s fallback carries
 * {@code "path","prune","dependsOn"} as typed at create). That assertion describes Flotilla, not
 * az, and no fixed record order can satisfy it for every input, so the record is the contract and
 * {@link Kustomization#definition()} only rearranges its JSON into the typed order; no field is
 * written by hand.
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

  /**
   * One {@code -k} occurrence: the kustomization's name, its (partial) definition, and the JSON
   * names of the fields given, in the order typed.
   */
  record Kustomization(String name, KustomizationDefinition arm, List<String> keyOrder) {
    /** {@link #arm} as JSON, its fields in the order typed (see the class comment for why). */
    ObjectNode definition() {
      ObjectNode tree = ArmClient.JSON.valueToTree(arm);
      ObjectNode typed = JsonNodeFactory.instance.objectNode();
      keyOrder.stream().filter(tree::has).forEach(f -> typed.set(f, tree.get(f)));
      typed.setAll(tree); // keeps the typed positions, adds anything the record holds besides
      return typed;
    }
  }

  /** A kustomization with no field given: the service fills in every default. */
  static final KustomizationDefinition EMPTY =
      new KustomizationDefinition(null, null, null, null, null, null, null, null, null, null, null);

  private KustomizationArgs() {}

  /** The records of parsed kustomizations, by name, in order. */
  static Map<String, KustomizationDefinition> definitions(Map<String, Kustomization> parsed) {
    Map<String, KustomizationDefinition> out = new LinkedHashMap<>();
    parsed.forEach((n, k) -> out.put(n, k.arm()));
    return out;
  }

  /**
   * The request body of a flux configuration with these properties, each parsed kustomization in
   * its typed field order (see the class comment).
   */
  static ObjectNode body(
      FluxConfigurationProperties properties, Map<String, Kustomization> parsed) {
    ObjectNode body =
        ArmClient.JSON.valueToTree(new FluxConfiguration(null, null, null, null, properties, null));
    if (body.path("properties").path("kustomizations") instanceof ObjectNode written) {
      parsed.forEach((n, k) -> written.set(n, k.definition()));
    }
    return body;
  }

  /**
   * Parses every occurrence, in order; a repeated name replaces the earlier definition (az keeps a
   * dict).
   */
  static Map<String, Kustomization> parseAll(
      List<List<String>> occurrences, String optionName, Consumer<String> warn) {
    Map<String, Kustomization> result = new LinkedHashMap<>();
    for (List<String> tokens : occurrences) {
      Kustomization k = parse(tokens, optionName, warn);
      result.put(k.name(), k);
    }
    return result;
  }

  static Kustomization parse(List<String> tokens, String optionName, Consumer<String> warn) {
    Fields f = new Fields();
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
        f.path = f.typed("path", value);
      } else if (DEPENDENCY_KEYS.contains(key)) {
        f.dependsOn = f.typed("dependsOn", parseDependencies(value));
      } else if (SYNC_INTERVAL_KEYS.contains(key)) {
        f.syncInterval =
            f.seconds(
                "syncIntervalInSeconds", Durations.parse("sync-interval", value), f.syncInterval);
      } else if (RETRY_INTERVAL_KEYS.contains(key)) {
        f.retryInterval =
            f.seconds(
                "retryIntervalInSeconds",
                Durations.parse("retry-interval", value),
                f.retryInterval);
      } else if (TIMEOUT_KEYS.contains(key)) {
        f.timeout = f.seconds("timeoutInSeconds", Durations.parse("timeout", value), f.timeout);
      } else if (key.equals("prune")) {
        f.prune = f.typed(key, parseBoolean(key, value));
      } else if (key.equals("force")) {
        f.force = f.typed(key, parseBoolean(key, value));
      } else if (DISABLE_HEALTH_CHECK_KEYS.contains(key)) {
        f.waitForHealth = f.typed("wait", !parseBoolean(key, value));
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
    return new Kustomization(name, f.definition(), f.keyOrder);
  }

  /** The fields of one {@code -k} while it is parsed, and the order they were first given in. */
  private static final class Fields {
    final List<String> keyOrder = new ArrayList<>();
    String path;
    List<String> dependsOn;
    Long timeout;
    Long syncInterval;
    Long retryInterval;
    Boolean prune;
    Boolean force;
    Boolean waitForHealth;

    /**
     * Notes the JSON name of a given field (a repeated key keeps its first place) and passes on.
     */
    <T> T typed(String jsonName, T value) {
      if (value != null && !keyOrder.contains(jsonName)) keyOrder.add(jsonName);
      return value;
    }

    /** An empty duration leaves the field as it was (az drops it). */
    Long seconds(String jsonName, Long parsed, Long before) {
      return parsed == null ? before : typed(jsonName, parsed);
    }

    KustomizationDefinition definition() {
      return new KustomizationDefinition(
          null,
          path,
          dependsOn,
          timeout,
          syncInterval,
          retryInterval,
          prune,
          force,
          waitForHealth,
          null,
          null);
    }
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
