package io.flotilla.server.fluxconfig;

import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.server.http.ArmException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a flux configuration PUT: validation (az's rules of §3.3, with messages that name
 * the property) and the API's defaults (§1.2). Pure functions, no I/O.
 */
public final class FluxConfigurationRules {
  static final long DEFAULT_SECONDS = 600;
  static final int MAX_NAME = 63;
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([.\\-a-z0-9]*[a-z0-9])?$");

  private FluxConfigurationRules() {}

  /** Checks a configuration (or kustomization) name; {@code what} names it in the message. */
  public static void validateName(String name, String what, String target) {
    if (name == null || name.isEmpty()) {
      throw ArmException.invalidProperty(target, "The " + what + " name is required.");
    }
    if (name.length() > MAX_NAME) {
      throw badName(
          target,
          what,
          name,
          "is too long: it can be a maximum of 63 characters. Specify a shorter name.");
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      throw badName(target, what, name, "cannot begin or end with a hyphen.");
    }
    if (name.startsWith(".") || name.endsWith(".")) {
      throw badName(target, what, name, "cannot begin or end with a period.");
    }
    if (!NAME.matcher(name).matches()) {
      throw badName(
          target,
          what,
          name,
          "is invalid: it can only contain lowercase alphanumeric characters, hyphens, and"
              + " periods.");
    }
  }

  private static ArmException badName(String target, String what, String name, String why) {
    return ArmException.invalidProperty(target, "The " + what + " name '" + name + "' " + why);
  }

  /**
   * Validates a PUT's properties and returns them with the API's defaults applied; status fields
   * and protected settings are dropped (the caller handles those).
   */
  public static FluxConfigurationProperties validateAndDefault(
      String name, FluxConfigurationProperties p) {
    validateName(name, "flux configuration", "name");
    if (p == null) {
      throw ArmException.invalidProperty(
          "properties", "The request body must contain 'properties' with the configuration.");
    }
    String scope = p.scope() == null ? "cluster" : p.scope();
    if (!scope.equals("cluster") && !scope.equals("namespace")) {
      throw ArmException.invalidProperty(
          "properties.scope",
          "The scope '" + scope + "' is invalid: use 'cluster' or 'namespace'.");
    }
    String namespace = p.namespace() == null ? "default" : p.namespace();
    KubernetesLimits.namespace(namespace, "properties.namespace");
    String kind = p.sourceKind() == null ? "GitRepository" : p.sourceKind();
    if (!SourceRules.KINDS.contains(kind)) {
      throw ArmException.invalidProperty(
          "properties.sourceKind",
          "The sourceKind '"
              + kind
              + "' is invalid: use one of "
              + String.join(", ", SourceRules.KINDS)
              + ".");
    }
    GitRepositoryDefinition git = emptyToNull(p.gitRepository());
    BucketDefinition bucket = emptyToNull(p.bucket());
    AzureBlobDefinition blob = emptyToNull(p.azureBlob());
    OciRepositoryDefinition oci = emptyToNull(p.ociRepository());
    SourceRules.requireOnlySource(kind, git, bucket, blob, oci);
    FluxConfigurationProperties withSource =
        p.desiredOnly()
            .with(
                b -> {
                  b.gitRepository = git == null ? null : SourceRules.gitDefaults(git);
                  b.bucket = bucket == null ? null : SourceRules.bucketDefaults(bucket);
                  b.azureBlob = blob == null ? null : SourceRules.blobDefaults(blob);
                  b.ociRepository = oci == null ? null : SourceRules.ociDefaults(oci);
                });
    Map<String, KustomizationDefinition> kustomizations =
        KustomizationRules.kustomizations(name, p.kustomizations());

    if (p.reconciliationWaitDuration() != null) {
      checkIsoDuration(p.reconciliationWaitDuration());
    }
    List<String> dependsOn = configurationDependsOn(name, p.dependsOn());
    return withSource.with(
        b -> {
          b.scope = scope;
          b.namespace = namespace;
          b.sourceKind = kind;
          b.suspend = p.suspend() == null ? Boolean.FALSE : p.suspend();
          b.kustomizations = kustomizations;
          b.dependsOn = dependsOn;
        });
  }

  /** {@code dependsOn} of a configuration: names of others on the cluster, none twice. */
  private static List<String> configurationDependsOn(String name, List<String> deps) {
    if (deps == null || deps.isEmpty()) {
      return null;
    }
    Set<String> seen = new HashSet<>();
    for (String dep : deps) {
      validateName(dep, "flux configuration", "properties.dependsOn");
      if (dep.equals(name)) {
        throw ArmException.invalidProperty(
            "properties.dependsOn",
            "The flux configuration '" + name + "' cannot depend on itself.");
      }
      if (!seen.add(dep)) {
        throw ArmException.invalidProperty(
            "properties.dependsOn", "The flux configuration '" + dep + "' is listed twice.");
      }
    }
    return List.copyOf(deps);
  }

  /**
   * Refuses a configuration whose {@code dependsOn} closes a cycle with the cluster's other
   * configurations ({@code others}: name to dependsOn), which would leave each waiting forever.
   */
  public static void checkConfigurationCycle(
      String name, List<String> dependsOn, Map<String, List<String>> others) {
    if (dependsOn == null || dependsOn.isEmpty()) {
      return;
    }
    Map<String, List<String>> graph = new java.util.HashMap<>(others);
    graph.put(name, dependsOn);
    findCycle(
        name,
        graph,
        new ArrayList<>(),
        new HashSet<>(),
        cycle ->
            ArmException.invalidProperty(
                "properties.dependsOn",
                "The flux configurations depend on each other in a cycle: "
                    + String.join(" -> ", cycle)
                    + ". Remove one of these dependencies."));
  }

  /** The protected settings the cluster uses (the FluxConfig controller reads only these). */
  static final List<String> PROTECTED_KEYS =
      List.of("bucketSecretKey", "httpsKey", "sshPrivateKey");

  /**
   * Protected settings: only the keys the cluster uses, each base64 as az encodes them, so that an
   * unknown key never reaches the cluster's Secret. Messages name the key, never the value.
   */
  public static void checkProtectedSettings(Map<String, String> settings) {
    if (settings == null) {
      return;
    }
    for (var e : settings.entrySet()) {
      String target = "properties.configurationProtectedSettings." + e.getKey();
      String key = io.flotilla.server.http.Printable.quote(e.getKey());
      if (!PROTECTED_KEYS.contains(e.getKey())) {
        throw ArmException.invalidProperty(
            target,
            "'"
                + key
                + "' is not a protected setting of a flux configuration; the ones the cluster uses"
                + " are "
                + String.join(", ", PROTECTED_KEYS)
                + ". Remove it.");
      }
      if (e.getValue() == null) {
        throw ArmException.invalidProperty(
            target, "The protected setting '" + key + "' must be a string.");
      }
      try {
        // line breaks are fine (a pasted key file); anything else outside base64 is not
        java.util.Base64.getDecoder().decode(e.getValue().replaceAll("\\s", ""));
      } catch (IllegalArgumentException notBase64) {
        throw ArmException.invalidProperty(
            target,
            "The protected setting '"
                + key
                + "' is not valid base64. Send the value base64-encoded (the CLI encodes"
                + " --https-key and --bucket-secret-key itself; --ssh-private-key takes the"
                + " base64 of the key file).");
      }
    }
  }

  /** scope and namespace are fixed at creation, as in ARM. */
  public static void checkImmutable(
      FluxConfigurationProperties existing, FluxConfigurationProperties updated) {
    unchanged("scope", existing.scope(), updated.scope(), "with scope");
    unchanged("namespace", existing.namespace(), updated.namespace(), "in namespace");
  }

  private static void unchanged(String field, String before, String after, String createAgain) {
    if (!Objects.equals(before, after)) {
      throw ArmException.invalidProperty(
          "properties." + field,
          "The "
              + field
              + " of an existing flux configuration cannot be changed (it is '"
              + before
              + "'). Delete the configuration and create it again "
              + createAgain
              + " '"
              + after
              + "'.");
    }
  }

  /** Depth-first search; throws {@code error(cycle)} on the first cycle met. */
  static void findCycle(
      String node,
      Map<String, List<String>> graph,
      List<String> path,
      Set<String> done,
      java.util.function.Function<List<String>, ArmException> error) {
    if (done.contains(node)) {
      return;
    }
    int at = path.indexOf(node);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(node);
      throw error.apply(cycle);
    }
    path.add(node);
    for (String dep : graph.getOrDefault(node, List.of())) {
      findCycle(dep, graph, path, done, error);
    }
    path.remove(path.size() - 1);
    done.add(node);
  }

  static void positive(Long value, String target) {
    KubernetesLimits.seconds(value, target);
  }

  private static void checkIsoDuration(String value) {
    try {
      if (value.contains("T")) {
        Duration.parse(value);
      } else {
        Period.parse(value);
      }
    } catch (DateTimeParseException e) {
      throw ArmException.invalidProperty(
          "properties.reconciliationWaitDuration",
          "The reconciliationWaitDuration '"
              + value
              + "' is not an ISO-8601 duration. Use e.g. 'PT30M' or 'P1D'.");
    }
  }

  static Long orDefault(Long v) {
    return v == null ? DEFAULT_SECONDS : v;
  }

  /** az sends {} for the source objects of other kinds; an empty object counts as absent. */
  private static <T extends Record> T emptyToNull(T r) {
    if (r == null) {
      return null;
    }
    for (var c : r.getClass().getRecordComponents()) {
      try {
        if (c.getAccessor().invoke(r) != null) {
          return r;
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return null;
  }
}
