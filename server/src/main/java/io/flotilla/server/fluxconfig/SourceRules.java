package io.flotilla.server.fluxconfig;

import static io.flotilla.server.fluxconfig.FluxConfigurationRules.orDefault;
import static io.flotilla.server.fluxconfig.FluxConfigurationRules.positive;

import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.api.arm.SourceUrl;
import io.flotilla.server.http.ArmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a flux configuration's source (one of gitRepository, bucket, azureBlob,
 * ociRepository, as sourceKind says): az's URL rules, the fields each kind allows, and the API's
 * defaults. Pure functions, no I/O.
 */
final class SourceRules {
  static final List<String> KINDS =
      List.of("GitRepository", "Bucket", "AzureBlob", "OCIRepository");

  private SourceRules() {}

  static void requireOnlySource(
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

  static GitRepositoryDefinition gitDefaults(GitRepositoryDefinition g) {
    requireUrl(
        g.url(),
        SourceUrl.GIT,
        "properties.gitRepository.url",
        "must begin with one of 'http://', 'https://', 'git@', 'ssh://'");
    checkSource("gitRepository", g.timeoutInSeconds(), g.syncIntervalInSeconds(), g.localAuthRef());
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

  static BucketDefinition bucketDefaults(BucketDefinition b) {
    requireUrl(
        b.url(),
        SourceUrl.HTTP,
        "properties.bucket.url",
        "must begin with 'http://' or 'https://'");
    required(b.bucketName(), "properties.bucket.bucketName", "Bucket");
    checkSource("bucket", b.timeoutInSeconds(), b.syncIntervalInSeconds(), b.localAuthRef());
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

  static AzureBlobDefinition blobDefaults(AzureBlobDefinition a) {
    requireUrl(
        a.url(),
        SourceUrl.HTTP,
        "properties.azureBlob.url",
        "must begin with 'http://' or 'https://'");
    required(a.containerName(), "properties.azureBlob.containerName", "AzureBlob");
    checkSource("azureBlob", a.timeoutInSeconds(), a.syncIntervalInSeconds(), a.localAuthRef());
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

  static OciRepositoryDefinition ociDefaults(OciRepositoryDefinition o) {
    requireUrl(o.url(), SourceUrl.OCI, "properties.ociRepository.url", "must begin with 'oci://'");
    checkSource("ociRepository", o.timeoutInSeconds(), o.syncIntervalInSeconds(), o.localAuthRef());
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

  /** What every source kind checks: positive durations and a valid localAuthRef Secret name. */
  private static void checkSource(
      String property, Long timeoutInSeconds, Long syncIntervalInSeconds, String localAuthRef) {
    String at = "properties." + property + ".";
    positive(timeoutInSeconds, at + "timeoutInSeconds");
    positive(syncIntervalInSeconds, at + "syncIntervalInSeconds");
    KubernetesLimits.objectName(localAuthRef, at + "localAuthRef", "localAuthRef Secret");
  }

  private static void required(String value, String target, String sourceKind) {
    if (value == null || value.isBlank()) {
      throw ArmException.invalidProperty(
          target, target + " is required for sourceKind '" + sourceKind + "'.");
    }
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
}
