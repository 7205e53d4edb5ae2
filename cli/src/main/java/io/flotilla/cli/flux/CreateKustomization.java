package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.meta.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flux create kustomization NAME --source … --path …}. */
@Command(name = "kustomization", aliases = "ks")
final class CreateKustomization extends NamedCreate {
  static final List<String> SOURCE_KINDS = List.of("OCIRepository", "GitRepository", "Bucket");
  private static final List<String> HEALTH_KINDS =
      List.of("Deployment", "DaemonSet", "StatefulSet", "HelmRelease");

  @Option(
      names = "--source",
      description =
          "source that contains the Kubernetes manifests in the format '[<kind>/]<name>.<namespace>', where kind must be one of: (OCIRepository, GitRepository, Bucket), if kind is not specified it defaults to GitRepository")
  String source;

  @Option(
      names = "--path",
      defaultValue = "./",
      description = "path to the directory containing a kustomization.yaml file")
  String path;

  @Option(names = "--prune", description = "enable garbage collection", arity = "0..1")
  boolean prune;

  @Option(
      names = "--wait",
      description = "enable health checking of all the applied resources",
      arity = "0..1")
  boolean waitHealth;

  @Option(
      names = "--health-check",
      split = ",",
      description =
          "workload to be included in the health assessment, in the format '<kind>/<name>.<namespace>'")
  List<String> healthChecks = new ArrayList<>();

  @Option(
      names = "--health-check-timeout",
      defaultValue = "2m0s",
      converter = FluxGroup.DurationConverter.class,
      description = "timeout of health checking operations")
  Duration healthTimeout;

  @Option(
      names = "--depends-on",
      split = ",",
      description =
          "Kustomization that must be ready before this Kustomization can be applied, supported formats '<name>' and '<namespace>/<name>'")
  List<String> dependsOn = new ArrayList<>();

  @Option(
      names = "--service-account",
      description =
          "the name of the service account to impersonate when reconciling this Kustomization")
  String serviceAccount;

  @Option(
      names = "--target-namespace",
      description =
          "overrides the namespace of all Kustomization objects reconciled by this Kustomization")
  String targetNamespace;

  @Mixin KubeConfigRef kubeConfig;

  @Option(
      names = "--decryption-provider",
      description = "decryption provider, available options are: (sops)")
  String decryptionProvider;

  @Option(
      names = "--decryption-secret",
      description =
          "set the Kubernetes secret name that contains the OpenPGP private keys used for sops decryption")
  String decryptionSecret;

  @Option(
      names = "--retry-interval",
      defaultValue = "0s",
      converter = FluxGroup.DurationConverter.class,
      description = "the interval at which to retry a previously failed reconciliation")
  Duration retryInterval;

  @Override
  void run(Creation c) {
    String cleanPath = safePath(path);
    References.Ref ref = References.source(source, "GitRepository", SOURCE_KINDS, "kustomization");
    if (!c.create.export) {
      c.log().generate("generating Kustomization");
    }
    ObjectNode ks = c.object(FluxKind.KUSTOMIZATION);
    ObjectNode spec = ks.putObject("spec");
    if (!dependsOn.isEmpty()) {
      spec.set("dependsOn", References.dependsOn(dependsOn));
    }
    spec.put("interval", GoDuration.format(c.create.interval));
    spec.put("path", cleanPath);
    spec.put("prune", prune);
    spec.set("sourceRef", ref.toJson());
    Specs.putIf(spec, "targetNamespace", targetNamespace);
    kubeConfig.writeTo(spec);
    if (!healthChecks.isEmpty() && !waitHealth) {
      spec.set("healthChecks", healthChecks());
      spec.put("timeout", GoDuration.format(healthTimeout));
    }
    if (waitHealth) {
      spec.put("wait", true);
      spec.put("timeout", GoDuration.format(healthTimeout));
    }
    Specs.putIf(spec, "serviceAccountName", serviceAccount);
    if (!Specs.empty(decryptionProvider)) {
      if (!decryptionProvider.equals("sops")) {
        throw new FluxException(
            "invalid argument \""
                + decryptionProvider
                + "\" for \"--decryption-provider\" flag:"
                + " unsupported decryption provider '"
                + decryptionProvider
                + "', must be one of: sops");
      }
      ObjectNode decryption = spec.putObject("decryption");
      decryption.put("provider", decryptionProvider);
      Specs.putNameRef(decryption, "secretRef", decryptionSecret);
    }
    if (!retryInterval.isZero()) {
      spec.put("retryInterval", GoDuration.format(retryInterval));
    }
    spec.put("force", false);
    if (c.create.export) {
      c.export(FluxKind.KUSTOMIZATION, ks);
      return;
    }
    c.applyWorkload(FluxKind.KUSTOMIZATION, ks);
  }

  private ArrayNode healthChecks() {
    ArrayNode out = Kube.JSON.createArrayNode();
    for (String w : healthChecks) {
      String[] kindObj = w.split("/", -1);
      if (kindObj.length != 2) {
        throw new FluxException(
            "invalid health check '"
                + w
                + "' must be in the format 'kind/name.namespace' "
                + java.util.Arrays.toString(kindObj).replace(",", ""));
      }
      if (!HEALTH_KINDS.contains(kindObj[0])) {
        throw new FluxException(
            "invalid health check kind '"
                + kindObj[0]
                + "' can be HelmRelease, Deployment, DaemonSet or StatefulSet");
      }
      String[] nameNs = kindObj[1].split("\\.", -1);
      if (nameNs.length != 2) {
        throw new FluxException(
            "invalid health check '" + w + "' must be in the format 'kind/name.namespace'");
      }
      ObjectNode check = out.addObject();
      if (kindObj[0].equals("HelmRelease")) {
        check.put("apiVersion", FluxKind.HELM_RELEASE.apiVersion());
      }
      check.put("kind", kindObj[0]);
      check.put("name", nameNs[0]);
      check.put("namespace", nameNs[1]);
    }
    return out;
  }

  /** flux's SafeRelativePath: the path cleaned within the source root, written {@code ./…}. */
  static String safePath(String path) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String p : path.replace('\\', '/').split("/")) {
      if (p.equals("..")) {
        parts.pollLast();
      } else if (!p.isEmpty() && !p.equals(".")) {
        parts.addLast(p);
      }
    }
    return parts.isEmpty() ? "./" : "./" + String.join("/", parts);
  }
}
