package io.flotilla.server.fluxconfig;

import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.api.arm.SourceUrl;
import io.flotilla.server.http.ArmException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
  static final List<String> SOURCE_KINDS =
      List.of("GitRepository", "Bucket", "AzureBlob", "OCIRepository");

  private FluxConfigurationRules() {}

  /** Checks a configuration (or kustomization) name; {@code what} names it in the message. */
  public static void validateName(String name, String what, String target) {
    if (name == null || name.isEmpty()) {
      throw ArmException.invalidProperty(target, "The " + what + " name is required.");
    }
    if (name.length() > MAX_NAME) {
      throw ArmException.invalidProperty(
          target,
          "The "
              + what
              + " name '"
              + name
              + "' is too long: it can be a maximum of 63 characters. Specify a shorter name.");
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      throw ArmException.invalidProperty(
          target, "The " + what + " name '" + name + "' cannot begin or end with a hyphen.");
    }
    if (name.startsWith(".") || name.endsWith(".")) {
      throw ArmException.invalidProperty(
          target, "The " + what + " name '" + name + "' cannot begin or end with a period.");
    }
    if (!NAME.matcher(name).matches()) {
      throw ArmException.invalidProperty(
          target,
          "The "
              + what
              + " name '"
              + name
              + "' is invalid: it can only contain lowercase alphanumeric characters, hyphens,"
              + " and periods.");
    }
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
    if (!SOURCE_KINDS.contains(kind)) {
      throw ArmException.invalidProperty(
          "properties.sourceKind",
          "The sourceKind '"
              + kind
              + "' is invalid: use one of "
              + String.join(", ", SOURCE_KINDS)
              + ".");
    }
    GitRepositoryDefinition git = emptyToNull(p.gitRepository());
    BucketDefinition bucket = emptyToNull(p.bucket());
    AzureBlobDefinition blob = emptyToNull(p.azureBlob());
    OciRepositoryDefinition oci = emptyToNull(p.ociRepository());
    requireOnlySource(kind, git, bucket, blob, oci);

    if (git != null) {
      git = gitDefaults(git);
    }
    if (bucket != null) {
      bucket = bucketDefaults(bucket);
    }
    if (blob != null) {
      blob = blobDefaults(blob);
    }
    if (oci != null) {
      oci = ociDefaults(oci);
    }
    Map<String, KustomizationDefinition> kustomizations = kustomizations(name, p.kustomizations());

    if (p.reconciliationWaitDuration() != null) {
      checkIsoDuration(p.reconciliationWaitDuration());
    }
    List<String> dependsOn = configurationDependsOn(name, p.dependsOn());
    return new FluxConfigurationProperties(
        scope,
        namespace,
        kind,
        p.suspend() == null ? Boolean.FALSE : p.suspend(),
        git,
        bucket,
        blob,
        oci,
        kustomizations,
        null,
        null,
        null,
        null,
        null,
        null,
        p.waitForReconciliation(),
        p.reconciliationWaitDuration(),
        null,
        null,
        null,
        dependsOn);
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
    if (!Objects.equals(existing.scope(), updated.scope())) {
      throw ArmException.invalidProperty(
          "properties.scope",
          "The scope of an existing flux configuration cannot be changed (it is '"
              + existing.scope()
              + "'). Delete the configuration and create it again with scope '"
              + updated.scope()
              + "'.");
    }
    if (!Objects.equals(existing.namespace(), updated.namespace())) {
      throw ArmException.invalidProperty(
          "properties.namespace",
          "The namespace of an existing flux configuration cannot be changed (it is '"
              + existing.namespace()
              + "'). Delete the configuration and create it again in namespace '"
              + updated.namespace()
              + "'.");
    }
  }

  private static void requireOnlySource(
      String kind,
      GitRepositoryDefinition git,
      BucketDefinition bucket,
      AzureBlobDefinition blob,
      OciRepositoryDefinition oci) {
    Map<String, Object> sources = new LinkedHashMap<>();
    sources.put("GitRepository", git);
    sources.put("Bucket", bucket);
    sources.put("AzureBlob", blob);
    sources.put("OCIRepository", oci);
    String property = sourceProperty(kind);
    if (sources.get(kind) == null) {
      throw ArmException.invalidProperty(
          "properties." + property,
          "sourceKind is '"
              + kind
              + "' but properties."
              + property
              + " is missing. Provide properties."
              + property
              + " with at least a url.");
    }
    for (var e : sources.entrySet()) {
      if (!e.getKey().equals(kind) && e.getValue() != null) {
        String other = sourceProperty(e.getKey());
        throw ArmException.invalidProperty(
            "properties." + other,
            "properties."
                + other
                + " cannot be set when sourceKind is '"
                + kind
                + "'. Remove it, or set sourceKind to '"
                + e.getKey()
                + "'.");
      }
    }
  }

  static String sourceProperty(String kind) {
    return switch (kind) {
      case "GitRepository" -> "gitRepository";
      case "Bucket" -> "bucket";
      case "AzureBlob" -> "azureBlob";
      case "OCIRepository" -> "ociRepository";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static GitRepositoryDefinition gitDefaults(GitRepositoryDefinition g) {
    requireUrl(
        g.url(),
        SourceUrl.GIT,
        "properties.gitRepository.url",
        "must begin with one of 'http://', 'https://', 'git@', 'ssh://'");
    positive(g.timeoutInSeconds(), "properties.gitRepository.timeoutInSeconds");
    positive(g.syncIntervalInSeconds(), "properties.gitRepository.syncIntervalInSeconds");
    KubernetesLimits.objectName(
        g.localAuthRef(), "properties.gitRepository.localAuthRef", "localAuthRef Secret");
    var ref = g.repositoryRef();
    if (ref != null) {
      String at = "properties.gitRepository.repositoryRef.";
      KubernetesLimits.token(ref.branch(), at + "branch", "branch");
      KubernetesLimits.token(ref.tag(), at + "tag", "tag");
      KubernetesLimits.token(ref.commit(), at + "commit", "commit");
    }
    if (g.provider() != null && !List.of("Azure", "GitHub", "Generic").contains(g.provider())) {
      throw ArmException.invalidProperty(
          "properties.gitRepository.provider",
          "The provider '" + g.provider() + "' is invalid: use 'Azure', 'GitHub' or 'Generic'.");
    }
    boolean http = SourceUrl.isHttp(g.url());
    if (http && g.sshKnownHosts() != null) {
      throw ArmException.invalidProperty(
          "properties.gitRepository.sshKnownHosts",
          "sshKnownHosts cannot be used with an http(s) url. Use an ssh url (ssh:// or git@).");
    }
    if (!http && g.httpsUser() != null) {
      throw ArmException.invalidProperty(
          "properties.gitRepository.httpsUser",
          "httpsUser cannot be used with a non-http(s) url. Use an https:// url.");
    }
    return new GitRepositoryDefinition(
        g.url(),
        orDefault(g.timeoutInSeconds()),
        orDefault(g.syncIntervalInSeconds()),
        g.repositoryRef(),
        g.sshKnownHosts(),
        g.httpsUser(),
        g.httpsCACert(),
        g.localAuthRef(),
        g.provider());
  }

  private static BucketDefinition bucketDefaults(BucketDefinition b) {
    requireUrl(
        b.url(),
        SourceUrl.HTTP,
        "properties.bucket.url",
        "must begin with 'http://' or 'https://'");
    if (b.bucketName() == null || b.bucketName().isBlank()) {
      throw ArmException.invalidProperty(
          "properties.bucket.bucketName",
          "properties.bucket.bucketName is required for sourceKind 'Bucket'.");
    }
    positive(b.timeoutInSeconds(), "properties.bucket.timeoutInSeconds");
    positive(b.syncIntervalInSeconds(), "properties.bucket.syncIntervalInSeconds");
    KubernetesLimits.objectName(
        b.localAuthRef(), "properties.bucket.localAuthRef", "localAuthRef Secret");
    return new BucketDefinition(
        b.url(),
        b.bucketName(),
        // The spec says true, which would make Flux talk plain http to an https endpoint; az sends
        // false, and so do we.
        b.insecure() == null ? Boolean.FALSE : b.insecure(),
        orDefault(b.timeoutInSeconds()),
        orDefault(b.syncIntervalInSeconds()),
        b.accessKey(),
        b.localAuthRef());
  }

  private static AzureBlobDefinition blobDefaults(AzureBlobDefinition a) {
    requireUrl(
        a.url(),
        SourceUrl.HTTP,
        "properties.azureBlob.url",
        "must begin with 'http://' or 'https://'");
    if (a.containerName() == null || a.containerName().isBlank()) {
      throw ArmException.invalidProperty(
          "properties.azureBlob.containerName",
          "properties.azureBlob.containerName is required for sourceKind 'AzureBlob'.");
    }
    positive(a.timeoutInSeconds(), "properties.azureBlob.timeoutInSeconds");
    positive(a.syncIntervalInSeconds(), "properties.azureBlob.syncIntervalInSeconds");
    KubernetesLimits.objectName(
        a.localAuthRef(), "properties.azureBlob.localAuthRef", "localAuthRef Secret");
    var sp = a.servicePrincipal();
    if (sp != null) {
      sp =
          new AzureBlobDefinition.ServicePrincipalDefinition(
              sp.clientId(),
              sp.tenantId(),
              sp.clientSecret(),
              sp.clientCertificate(),
              sp.clientCertificatePassword(),
              sp.clientCertificateSendChain() == null
                  ? Boolean.FALSE
                  : sp.clientCertificateSendChain());
    }
    return new AzureBlobDefinition(
        a.url(),
        a.containerName(),
        orDefault(a.timeoutInSeconds()),
        orDefault(a.syncIntervalInSeconds()),
        sp,
        a.accountKey(),
        a.sasToken(),
        a.managedIdentity(),
        a.localAuthRef());
  }

  private static OciRepositoryDefinition ociDefaults(OciRepositoryDefinition o) {
    requireUrl(o.url(), SourceUrl.OCI, "properties.ociRepository.url", "must begin with 'oci://'");
    positive(o.timeoutInSeconds(), "properties.ociRepository.timeoutInSeconds");
    positive(o.syncIntervalInSeconds(), "properties.ociRepository.syncIntervalInSeconds");
    KubernetesLimits.objectName(
        o.localAuthRef(), "properties.ociRepository.localAuthRef", "localAuthRef Secret");
    KubernetesLimits.objectName(
        o.serviceAccountName(), "properties.ociRepository.serviceAccountName", "ServiceAccount");
    var ref = o.repositoryRef();
    if (ref == null || (ref.tag() == null && ref.semver() == null && ref.digest() == null)) {
      ref = new OciRepositoryDefinition.OciRepositoryRefDefinition("latest", null, null);
    }
    if (ref.digest() != null && !ref.digest().startsWith("sha256:")) {
      throw ArmException.invalidProperty(
          "properties.ociRepository.repositoryRef.digest",
          "The digest '" + ref.digest() + "' is invalid: it must look like 'sha256:<hex>'.");
    }
    var layer = o.layerSelector();
    if (layer != null) {
      String op = layer.operation() == null ? "extract" : layer.operation();
      if (!op.equals("extract") && !op.equals("copy")) {
        throw ArmException.invalidProperty(
            "properties.ociRepository.layerSelector.operation",
            "The layer operation '" + op + "' is invalid: use 'extract' or 'copy'.");
      }
      layer = new OciRepositoryDefinition.LayerSelectorDefinition(layer.mediaType(), op);
    }
    return new OciRepositoryDefinition(
        o.url(),
        orDefault(o.timeoutInSeconds()),
        orDefault(o.syncIntervalInSeconds()),
        ref,
        layer,
        o.verify(),
        o.insecure() == null ? Boolean.FALSE : o.insecure(),
        o.useWorkloadIdentity() == null ? Boolean.FALSE : o.useWorkloadIdentity(),
        o.serviceAccountName(),
        o.tlsConfig(),
        o.localAuthRef());
  }

  private static Map<String, KustomizationDefinition> kustomizations(
      String configName, Map<String, KustomizationDefinition> in) {
    if (in == null) {
      return null;
    }
    Map<String, KustomizationDefinition> out = new LinkedHashMap<>();
    for (var e : in.entrySet()) {
      String key = e.getKey();
      String target = "properties.kustomizations." + key;
      validateName(key, "kustomization", target);
      if (configName.length() + key.length() > 62) {
        throw ArmException.invalidProperty(
            target,
            "The flux configuration name '"
                + configName
                + "' combined with the kustomization name '"
                + key
                + "' cannot be greater than 62 characters: the Kustomization object is named"
                + " '<configuration>-<kustomization>'. Use shorter names.");
      }
      KustomizationDefinition k = e.getValue();
      if (k == null) {
        throw ArmException.invalidProperty(
            target, "The kustomization '" + key + "' must be an object, not null.");
      }
      if (k.name() != null && !k.name().equals(key)) {
        throw ArmException.invalidProperty(
            target + ".name",
            "The kustomization name '"
                + k.name()
                + "' differs from its key '"
                + key
                + "'. Omit name, or make it equal the key.");
      }
      positive(k.timeoutInSeconds(), target + ".timeoutInSeconds");
      positive(k.syncIntervalInSeconds(), target + ".syncIntervalInSeconds");
      positive(k.retryIntervalInSeconds(), target + ".retryIntervalInSeconds");
      KubernetesLimits.path(k.path(), target + ".path");
      if (k.postBuild() != null && k.postBuild().substitute() != null) {
        for (String variable : k.postBuild().substitute().keySet()) {
          KubernetesLimits.variable(variable, target + ".postBuild.substitute." + variable);
        }
      }
      if (k.postBuild() != null && k.postBuild().substituteFrom() != null) {
        int i = 0;
        for (var from : k.postBuild().substituteFrom()) {
          String t = target + ".postBuild.substituteFrom[" + i++ + "]";
          if (from == null || !("ConfigMap".equals(from.kind()) || "Secret".equals(from.kind()))) {
            throw ArmException.invalidProperty(
                t + ".kind", "substituteFrom kind must be 'ConfigMap' or 'Secret'.");
          }
          if (from.name() == null || from.name().isBlank()) {
            throw ArmException.invalidProperty(t + ".name", "substituteFrom name is required.");
          }
          KubernetesLimits.objectName(from.name(), t + ".name", "substituteFrom " + from.kind());
        }
      }
      if (k.decryption() != null) {
        decryption(k.decryption(), target + ".decryption");
      }
      out.put(
          key,
          new KustomizationDefinition(
              key,
              k.path() == null ? "" : k.path(),
              k.dependsOn() == null ? List.of() : List.copyOf(k.dependsOn()),
              orDefault(k.timeoutInSeconds()),
              orDefault(k.syncIntervalInSeconds()),
              k.retryIntervalInSeconds(),
              k.prune() == null ? Boolean.FALSE : k.prune(),
              k.force() == null ? Boolean.FALSE : k.force(),
              k.waitForHealth() == null ? Boolean.TRUE : k.waitForHealth(),
              k.postBuild(),
              k.decryption()));
    }
    checkDependencies(out);
    return out;
  }

  /** Flotilla's decryption extension: provider sops and the name of a Secret on the cluster. */
  private static void decryption(KustomizationDefinition.DecryptionDefinition d, String target) {
    if (!"sops".equals(d.provider())) {
      throw ArmException.invalidProperty(
          target + ".provider",
          "The decryption provider '"
              + d.provider()
              + "' is not supported. The supported provider is 'sops'.");
    }
    if (d.secretRef() != null) {
      if (d.secretRef().name() == null || d.secretRef().name().isBlank()) {
        throw ArmException.invalidProperty(
            target + ".secretRef.name",
            "The decryption secretRef name is required: the Secret with the SOPS keys"
                + " (*.agekey, *.asc, sops.azure-kv, sops.vault-token) in the configuration's"
                + " namespace.");
      }
      KubernetesLimits.objectName(
          d.secretRef().name(), target + ".secretRef.name", "decryption Secret");
    }
  }

  private static void checkDependencies(Map<String, KustomizationDefinition> ks) {
    for (var k : ks.values()) {
      for (String dep : k.dependsOn()) {
        String target = "properties.kustomizations." + k.name() + ".dependsOn";
        if (dep.equals(k.name())) {
          throw ArmException.invalidProperty(
              target, "The kustomization '" + k.name() + "' cannot depend on itself.");
        }
        if (!ks.containsKey(dep)) {
          throw ArmException.invalidProperty(
              target,
              "The kustomization '"
                  + k.name()
                  + "' depends on '"
                  + dep
                  + "', which is not a kustomization of this configuration. Known kustomizations: "
                  + String.join(", ", ks.keySet())
                  + ".");
        }
      }
    }
    // A cycle would leave every member waiting on another forever.
    Map<String, List<String>> graph = new java.util.LinkedHashMap<>();
    ks.forEach((n, k) -> graph.put(n, k.dependsOn()));
    Set<String> done = new HashSet<>();
    for (String start : ks.keySet()) {
      findCycle(
          start,
          graph,
          new ArrayList<>(),
          done,
          cycle ->
              ArmException.invalidProperty(
                  "properties.kustomizations." + cycle.get(0) + ".dependsOn",
                  "The kustomizations depend on each other in a cycle: "
                      + String.join(" -> ", cycle)
                      + ". Remove one of these dependencies."));
    }
  }

  /** Depth-first search; throws {@code error(cycle)} on the first cycle met. */
  private static void findCycle(
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

  private static void requireUrl(String url, SourceUrl p, String target, String rule) {
    if (url == null || url.isBlank()) {
      throw ArmException.invalidProperty(target, target + " is required.");
    }
    KubernetesLimits.token(url, target, "url");
    if (!p.beginsWithMore(url)) {
      throw ArmException.invalidProperty(
          target, "The url '" + redactUrl(url) + "' is invalid: it " + rule + ".");
    }
  }

  /** Hides userinfo (user:password@) so a message never echoes a credential. */
  static String redactUrl(String url) {
    return url.replaceAll("^([a-z]+://)[^/@]*@", "$1***@");
  }

  private static void positive(Long value, String target) {
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

  private static Long orDefault(Long v) {
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
