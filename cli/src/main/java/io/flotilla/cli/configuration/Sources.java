package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Durations;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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

  private static final Set<String> GIT_VALID =
      orderedSet(
          "url",
          "branch",
          "tag",
          "semver",
          "commit",
          "sync_interval",
          "timeout",
          "ssh_private_key",
          "ssh_private_key_file",
          "https_user",
          "https_key",
          "https_ca_cert",
          "https_ca_cert_file",
          "known_hosts",
          "known_hosts_file",
          "local_auth_ref",
          "provider");
  private static final Set<String> BUCKET_VALID =
      orderedSet(
          "url",
          "bucket_name",
          "sync_interval",
          "timeout",
          "bucket_access_key",
          "bucket_secret_key",
          "bucket_insecure",
          "local_auth_ref");
  private static final Set<String> AZBLOB_VALID =
      orderedSet(
          "url",
          "container_name",
          "sync_interval",
          "timeout",
          "account_key",
          "local_auth_ref",
          "sp_tenant_id",
          "sp_client_id",
          "sp_client_cert",
          "sp_client_cert_password",
          "sp_client_secret",
          "sp_client_cert_send_chain",
          "sas_token",
          "mi_client_id");
  // az's OCI argument set and url rule are read from its _params.py and validators.py; the
  // generator that lists the valid set was not available, so the order here is ours.
  private static final Set<String> OCI_VALID =
      orderedSet(
          "url",
          "tag",
          "semver",
          "digest",
          "sync_interval",
          "timeout",
          "local_auth_ref",
          "oci_media_type",
          "oci_operation",
          "tls_ca_certificate",
          "tls_client_certificate",
          "tls_private_key",
          "service_account_name",
          "use_workload_identity",
          "oci_insecure",
          "verification_provider",
          "match_oidc_identity",
          "verification_config");
  private static final Pattern OCI_URL = Pattern.compile("^oci://");
  private static final Pattern GIT_URL = Pattern.compile("^(((http|https|ssh)://)|(git@))");
  private static final Pattern HTTP_URL = Pattern.compile("^(((http|https)://))");

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
          case BUCKET -> orderedSet("url", "bucket_name");
          case AZBLOB -> orderedSet("url", "container_name");
          default -> orderedSet("url");
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
    if (!OCI_URL.matcher(o.url).find()) {
      throw invalidUrl();
    }
  }

  private void validateGit() {
    if (!GIT_URL.matcher(o.url).find()) {
      throw invalidUrl();
    }
    String scheme = scheme(o.url);
    if (scheme.equals("http") || scheme.equals("https")) {
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
    if (!HTTP_URL.matcher(o.url).find()) {
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
    if (!HTTP_URL.matcher(o.url).find()) {
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

  /** The source object for a PUT: every given field, nothing else. */
  ObjectNode definition() {
    ObjectNode def = JsonNodeFactory.instance.objectNode();
    putIfGiven(def, "url", o.url);
    switch (kind) {
      case BUCKET -> putIfGiven(def, "bucketName", o.bucketName);
      case AZBLOB -> putIfGiven(def, "containerName", o.containerName);
      default -> {}
    }
    Long timeout = Durations.parse("--timeout", o.timeout);
    if (timeout != null) def.put("timeoutInSeconds", timeout);
    Long interval = Durations.parse("--sync-interval", o.syncInterval);
    if (interval != null) def.put("syncIntervalInSeconds", interval);
    switch (kind) {
      case BUCKET -> {
        putIfGiven(def, "accessKey", o.bucketAccessKey);
        if (o.bucketInsecure != null) def.put("insecure", o.bucketInsecure);
      }
      case AZBLOB -> azureBlobAuth(def);
      case OCI -> ociFields(def);
      default -> gitFields(def);
    }
    putIfGiven(def, "localAuthRef", o.localAuthRef);
    return def;
  }

  private void gitFields(ObjectNode def) {
    if (count(o.branch, o.tag, o.semver, o.commit) > 0) {
      ObjectNode ref = def.putObject("repositoryRef");
      putIfGiven(ref, "branch", o.branch);
      putIfGiven(ref, "tag", o.tag);
      putIfGiven(ref, "semver", o.semver);
      putIfGiven(ref, "commit", o.commit);
    }
    putIfGiven(def, "sshKnownHosts", KeyData.fromKeyOrFile(o.knownHosts, o.knownHostsFile, true));
    putIfGiven(def, "httpsUser", o.httpsUser);
    putIfGiven(def, "httpsCACert", KeyData.fromKeyOrFile(o.httpsCaCert, o.httpsCaCertFile, true));
    if (o.provider != null) {
      def.put("provider", o.provider.equals("azure") ? "Azure" : "Generic");
    }
  }

  private void ociFields(ObjectNode def) {
    if (count(o.tag, o.semver, o.digest) > 0) {
      ObjectNode ref = def.putObject("repositoryRef");
      putIfGiven(ref, "tag", o.tag);
      putIfGiven(ref, "semver", o.semver);
      putIfGiven(ref, "digest", o.digest);
    }
    if (o.ociMediaType != null || o.ociOperation != null) {
      ObjectNode layer = def.putObject("layerSelector");
      putIfGiven(layer, "mediaType", o.ociMediaType);
      putIfGiven(layer, "operation", o.ociOperation);
    }
    if (o.verificationProvider != null
        || o.verificationConfig != null
        || o.matchOidcIdentity != null) {
      ObjectNode verify = def.putObject("verify");
      putIfGiven(verify, "provider", o.verificationProvider);
      if (o.verificationConfig != null) {
        ObjectNode config = verify.putObject("verificationConfig");
        o.verificationConfig.forEach(config::put);
      }
      if (o.matchOidcIdentity != null) {
        verify.putArray("matchOidcIdentity").addAll(o.matchOidcIdentity);
      }
    }
    if (o.ociInsecure != null) def.put("insecure", o.ociInsecure);
    if (o.useWorkloadIdentity != null) def.put("useWorkloadIdentity", o.useWorkloadIdentity);
    putIfGiven(def, "serviceAccountName", o.serviceAccountName);
    // The TLS values are sent as given (base64 PEM), in tlsConfig, as az's model carries them; the
    // service keeps them secret and the cluster side decodes them into the source's TLS Secret.
    if (o.tlsClientCertificate != null || o.tlsPrivateKey != null || o.tlsCaCertificate != null) {
      ObjectNode tls = def.putObject("tlsConfig");
      putIfGiven(tls, "clientCertificate", o.tlsClientCertificate);
      putIfGiven(tls, "privateKey", o.tlsPrivateKey);
      putIfGiven(tls, "caCertificate", o.tlsCaCertificate);
    }
  }

  private void azureBlobAuth(ObjectNode def) {
    putIfGiven(def, "accountKey", o.accountKey);
    putIfGiven(def, "sasToken", o.sasToken);
    if (given(o.spClientId) || given(o.spTenantId)) {
      ObjectNode sp = def.putObject("servicePrincipal");
      putIfGiven(sp, "clientId", o.spClientId);
      putIfGiven(sp, "tenantId", o.spTenantId);
      putIfGiven(sp, "clientSecret", o.spClientSecret);
      putIfGiven(sp, "clientCertificate", o.spClientCert);
      putIfGiven(sp, "clientCertificatePassword", o.spClientCertPassword);
      if (o.spClientCertSendChain != null) {
        sp.put("clientCertificateSendChain", o.spClientCertSendChain);
      }
    }
    if (given(o.miClientId)) {
      def.putObject("managedIdentity").put("clientId", o.miClientId);
    }
  }

  /** Whether any source flag was given at all (az only patches the source object then). */
  boolean anyGiven() {
    return o.byParameterName().values().stream().anyMatch(v -> v != null);
  }

  private void rejectForeignArguments() {
    Set<String> valid =
        switch (kind) {
          case BUCKET -> BUCKET_VALID;
          case AZBLOB -> AZBLOB_VALID;
          case OCI -> OCI_VALID;
          default -> GIT_VALID;
        };
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

  private static String scheme(String url) {
    try {
      String scheme = URI.create(url).getScheme();
      return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      int colon = url.indexOf("://");
      return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }
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

  private static void putIfGiven(ObjectNode node, String field, String value) {
    if (value != null) node.put(field, value);
  }

  private static Set<String> orderedSet(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }
}
