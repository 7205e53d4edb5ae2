package io.flotilla.cli.configuration;

import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.AzureBlobDefinition.ManagedIdentityDefinition;
import io.flotilla.api.arm.AzureBlobDefinition.ServicePrincipalDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.GitRepositoryDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition.LayerSelectorDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition.MatchOidcIdentityDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition.OciRepositoryRefDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition.TlsConfigDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition.VerifyDefinition;
import io.flotilla.api.arm.RepositoryRefDefinition;
import io.flotilla.api.arm.SourceUrl;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the source flags into the source part of a flux configuration, with az's validations, per
 * source kind ({@code git}, {@code bucket}, {@code azblob}, {@code oci}).
 */
final class Sources {
  static final String GIT = "git";
  static final String BUCKET = "bucket";
  static final String AZBLOB = "azblob";
  static final String OCI = "oci";

  private final String kind;
  private final SourceOptions o;

  private Sources(String kind, SourceOptions options) {
    this.kind = kind;
    this.o = options;
  }

  /** Checks the flags against the kind (az's generator constructor): foreign flags, durations. */
  static Sources forKind(String kind, SourceOptions options) {
    Sources s = new Sources(kind, options);
    s.rejectForeignArguments();
    Durations.parse("--timeout", options.timeout);
    Durations.parse("--sync-interval", options.syncInterval);
    if (kind.equals(GIT)) {
      String knownHosts = KeyData.fromKeyOrFile(options.knownHosts, options.knownHostsFile, true);
      if (knownHosts != null) {
        SshKeys.validateKnownHosts(knownHosts);
      }
      KeyData.fromKeyOrFile(options.httpsCaCert, options.httpsCaCertFile, true);
    }
    return s;
  }

  /** az's {@code convert_to_cli_source_kind}. */
  static String cliKind(String sourceKind) {
    if (sourceKind == null) return GIT;
    return switch (sourceKind) {
      case "Bucket" -> BUCKET;
      case "AzureBlob" -> AZBLOB;
      case "OCIRepository" -> OCI;
      default -> GIT;
    };
  }

  static String sourceKind(String cliKind) {
    return switch (cliKind) {
      case BUCKET -> "Bucket";
      case AZBLOB -> "AzureBlob";
      case OCI -> "OCIRepository";
      default -> "GitRepository";
    };
  }

  static String sourceField(String cliKind) {
    return switch (cliKind) {
      case BUCKET -> "bucket";
      case AZBLOB -> "azureBlob";
      case OCI -> "ociRepository";
      default -> "gitRepository";
    };
  }

  /** Required flags, url format and auth combinations (az's {@code validate()}). */
  void validateComplete() {
    Set<String> required =
        switch (kind) {
          case BUCKET -> SourceArguments.orderedSet("url", "bucket_name");
          case AZBLOB -> SourceArguments.orderedSet("url", "container_name");
          default -> SourceArguments.orderedSet("url");
        };
    Map<String, Object> given = o.byParameterName();
    List<String> missing = required.stream().filter(p -> !truthy(given.get(p))).toList();
    if (!missing.isEmpty()) {
      throw CliException.invalid(
          "Error! Required properties ["
              + pretty(missing)
              + "] were not specified for kind '"
              + kind
              + "'",
          "Add the missing required properties and try again");
    }
    switch (kind) {
      case BUCKET -> validateBucket();
      case AZBLOB -> validateAzureBlob();
      case OCI -> validateOci();
      default -> validateGit();
    }
  }

  /** az's {@code validate_oci_url}; it reuses the common url message, which names no oci://. */
  private void validateOci() {
    if (!SourceUrl.OCI.begins(o.url)) {
      throw invalidUrl();
    }
  }

  private void validateGit() {
    if (!SourceUrl.GIT.begins(o.url)) {
      throw invalidUrl();
    }
    if (SourceUrl.isHttp(o.url)) {
      if (given(o.sshPrivateKey) || given(o.sshPrivateKeyFile)) {
        throw CliException.invalid(
            "Error! An --ssh-private-key cannot be used with an http(s) url",
            "Verify the url provided is a valid ssh url and not an http(s) url");
      }
      if (given(o.knownHosts) || given(o.knownHostsFile)) {
        throw CliException.invalid(
            "Error! --ssh-known-hosts cannot be used with an http(s) url",
            "Verify the url provided is a valid ssh url and not an http(s) url");
      }
    } else if (given(o.httpsUser) || given(o.httpsKey)) {
      throw CliException.invalid(
          "Error! https auth (--https-user and --https-key) cannot be used with a non-http(s) url",
          "Verify the url provided is a valid http(s) url and not an ssh url");
    }
    if (given(o.httpsUser) != given(o.httpsKey)) {
      throw CliException.invalid(
          "Error! --https-user and --https-key cannot be used separately",
          "Try providing both --https-user and --https-key together");
    }
    int refs = count(o.branch, o.tag, o.semver, o.commit);
    if (refs == 0) {
      throw CliException.invalid(
          "Error! Repository reference is invalid",
          "Specifying one of [--branch, --tag, --semver, --commit] is required");
    }
    if (refs > 1) {
      throw CliException.invalid(
          "Error! Repository reference is invalid",
          "Specifying more than one repository ref argument is invalid");
    }
  }

  private void validateBucket() {
    if (!SourceUrl.HTTP.begins(o.url)) {
      throw invalidUrl();
    }
    boolean keys = given(o.bucketAccessKey) && given(o.bucketSecretKey);
    if (!keys && !given(o.localAuthRef)) {
      throw CliException.invalid(
          "Error! Auth properties must be specified for kind 'bucket'",
          "Provide either both of '--secret-key' and '--access-key' or '--local-auth-ref'");
    }
  }

  private void validateAzureBlob() {
    if (!SourceUrl.HTTP.begins(o.url)) {
      throw invalidUrl();
    }
    boolean sp =
        given(o.spClientId)
            || given(o.spTenantId)
            || given(o.spClientSecret)
            || given(o.spClientCert)
            || given(o.spClientCertPassword)
            || Boolean.TRUE.equals(o.spClientCertSendChain);
    if (sp) {
      if (!(given(o.spClientId) && given(o.spTenantId))
          || !(given(o.spClientSecret) || given(o.spClientCert))) {
        throw CliException.invalid(
            "Error! Service principal is invalid because it is missing value(s)",
            "Provide '--sp-client-id', '--sp-tenant-id', and either '--sp-client-secret' or"
                + " '--sp-client-cert'");
      }
      if (given(o.spClientSecret) && given(o.spClientCert)) {
        throw CliException.invalid(
            "Error! Too many authentication methods provided for service principal",
            "Provide either '--sp-client-secret' or '--sp-client-cert'");
      }
      if (given(o.spClientCertPassword) && !given(o.spClientCert)) {
        throw CliException.invalid(
            "Error! Service principal certificate password is invalid",
            "Provide '--sp-client-id', '--sp-tenant-id', and '--sp-client-cert' with your"
                + " '--sp-cert-password");
      }
    }
    int methods = (sp ? 1 : 0) + count(o.accountKey, o.sasToken, o.localAuthRef, o.miClientId);
    if (methods > 1) {
      throw CliException.invalid(
          "Error! Too many authentication methods provided for Azure Blob",
          "Specify one of the available authentication methods from the list: '--local-auth-ref',"
              + " '--account-key', '--sas-token', '--mi-client-id', or service principal with"
              + " '--sp-client-id', '--sp-tenant-id', and either '--sp-client-secret' or"
              + " '--sp-client-cert'");
    }
  }

  /**
   * The source definition for a PUT, as the {@code api.arm} record of its kind: every given field,
   * nothing else (the records leave out what is null).
   */
  Record definition() {
    Long timeout = Durations.parse("--timeout", o.timeout);
    Long interval = Durations.parse("--sync-interval", o.syncInterval);
    return switch (kind) {
      case BUCKET ->
          new BucketDefinition(
              o.url,
              o.bucketName,
              o.bucketInsecure,
              timeout,
              interval,
              o.bucketAccessKey,
              o.localAuthRef);
      case AZBLOB ->
          new AzureBlobDefinition(
              o.url,
              o.containerName,
              timeout,
              interval,
              servicePrincipal(),
              o.accountKey,
              o.sasToken,
              given(o.miClientId) ? new ManagedIdentityDefinition(o.miClientId) : null,
              o.localAuthRef);
      case OCI -> oci(timeout, interval);
      default -> git(timeout, interval);
    };
  }

  /** The definition for {@code properties} of a new configuration: only this kind's is set. */
  <T extends Record> T definitionIf(String kind, Class<T> type) {
    return this.kind.equals(kind) ? type.cast(definition()) : null;
  }

  private GitRepositoryDefinition git(Long timeout, Long interval) {
    RepositoryRefDefinition ref =
        count(o.branch, o.tag, o.semver, o.commit) > 0
            ? new RepositoryRefDefinition(o.branch, o.tag, o.semver, o.commit)
            : null;
    return new GitRepositoryDefinition(
        o.url,
        timeout,
        interval,
        ref,
        KeyData.fromKeyOrFile(o.knownHosts, o.knownHostsFile, true),
        o.httpsUser,
        KeyData.fromKeyOrFile(o.httpsCaCert, o.httpsCaCertFile, true),
        o.localAuthRef,
        o.provider == null ? null : o.provider.equals("azure") ? "Azure" : "Generic");
  }

  private OciRepositoryDefinition oci(Long timeout, Long interval) {
    OciRepositoryRefDefinition ref =
        count(o.tag, o.semver, o.digest) > 0
            ? new OciRepositoryRefDefinition(o.tag, o.semver, o.digest)
            : null;
    LayerSelectorDefinition layer =
        o.ociMediaType != null || o.ociOperation != null
            ? new LayerSelectorDefinition(o.ociMediaType, o.ociOperation)
            : null;
    VerifyDefinition verify = null;
    if (o.verificationProvider != null
        || o.verificationConfig != null
        || o.matchOidcIdentity != null) {
      verify =
          new VerifyDefinition(
              o.verificationProvider,
              o.verificationConfig,
              o.matchOidcIdentity == null
                  ? null
                  : o.matchOidcIdentity.stream()
                      .map(i -> new MatchOidcIdentityDefinition(i.issuer(), i.subject()))
                      .toList());
    }
    // The TLS values are sent as given (base64 PEM), in tlsConfig, as az's model carries them; the
    // service keeps them secret and the cluster side decodes them into the source's TLS Secret.
    TlsConfigDefinition tls =
        o.tlsClientCertificate != null || o.tlsPrivateKey != null || o.tlsCaCertificate != null
            ? new TlsConfigDefinition(o.tlsClientCertificate, o.tlsPrivateKey, o.tlsCaCertificate)
            : null;
    return new OciRepositoryDefinition(
        o.url,
        timeout,
        interval,
        ref,
        layer,
        verify,
        o.ociInsecure,
        o.useWorkloadIdentity,
        o.serviceAccountName,
        tls,
        o.localAuthRef);
  }

  private ServicePrincipalDefinition servicePrincipal() {
    if (!given(o.spClientId) && !given(o.spTenantId)) return null;
    return new ServicePrincipalDefinition(
        o.spClientId,
        o.spTenantId,
        o.spClientSecret,
        o.spClientCert,
        o.spClientCertPassword,
        o.spClientCertSendChain);
  }

  /** Whether any source flag was given at all (az only patches the source object then). */
  boolean anyGiven() {
    return o.byParameterName().values().stream().anyMatch(v -> v != null);
  }

  private void rejectForeignArguments() {
    Set<String> valid = SourceArguments.valid(kind);
    List<String> bad = new ArrayList<>();
    o.byParameterName()
        .forEach(
            (name, value) -> {
              if (truthy(value) && !valid.contains(name)) bad.add(name);
            });
    if (!bad.isEmpty()) {
      throw CliException.invalid(
          "Error! Invalid properties [" + pretty(bad) + "] were specified for kind '" + kind + "'",
          "Valid properties for kind '" + kind + "' include [" + pretty(valid) + "]");
    }
  }

  private static CliException invalidUrl() {
    return CliException.invalid(
        "Error! Invalid --url.",
        "Url must begin with one of ['http://', 'https://', 'git@', 'ssh://']");
  }

  private static String pretty(java.util.Collection<String> params) {
    return params.stream()
        .map(p -> "'--" + p.replace('_', '-') + "'")
        .collect(Collectors.joining(","));
  }

  private static boolean truthy(Object value) {
    if (value instanceof String s) return !s.isEmpty();
    if (value instanceof java.util.Collection<?> c) return !c.isEmpty();
    if (value instanceof Map<?, ?> m) return !m.isEmpty();
    if (value instanceof Boolean b) return b;
    return value != null;
  }

  private static boolean given(String value) {
    return value != null && !value.isEmpty();
  }

  private static int count(String... values) {
    int n = 0;
    for (String v : values) if (given(v)) n++;
    return n;
  }
}
