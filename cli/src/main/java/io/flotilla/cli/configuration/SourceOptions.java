package io.flotilla.cli.configuration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.OciRepositoryDefinition.MatchOidcIdentityDefinition;
import io.flotilla.cli.Choices;
import io.flotilla.cli.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The source flags of {@code flux create} and {@code flux update}, named and aliased as in az. */
final class SourceOptions {
  @Option(
      names = {"--kind"},
      converter = Choices.Kind.class,
      description = "Source kind to reconcile: git, bucket, azblob, oci")
  String kind;

  /** Set by the command, which declares {@code --url} itself (required on create). */
  String url;

  @Option(
      names = {"--timeout"},
      description = "Maximum time to reconcile the source before timing out (e.g. 10m)")
  String timeout;

  @Option(
      names = {"--interval", "--sync-interval"},
      description = "Time between reconciliations of the source on the cluster (e.g. 10m)")
  String syncInterval;

  @Option(
      names = {"--branch"},
      description = "Branch within the git source to reconcile with the cluster")
  String branch;

  @Option(
      names = {"--tag"},
      description = "Tag within the git source to reconcile with the cluster")
  String tag;

  @Option(
      names = {"--semver"},
      description = "Semver range within the git source to reconcile with the cluster")
  String semver;

  @Option(
      names = {"--commit"},
      description = "Commit within the git source to reconcile with the cluster")
  String commit;

  @Option(
      names = {"--local-auth-ref", "--local-ref"},
      description =
          "Local reference to a kubernetes secret in the configuration namespace to use for"
              + " communication to the source")
  String localAuthRef;

  @Option(
      names = {"--ssh-private-key"},
      description = "Base64-encoded private ssh key for private repository sync")
  String sshPrivateKey;

  @Option(
      names = {"--ssh-private-key-file"},
      description = "File path to private ssh key for private repository sync")
  String sshPrivateKeyFile;

  @Option(
      names = {"--https-user"},
      description = "HTTPS username for private repository sync")
  String httpsUser;

  @Option(
      names = {"--https-key"},
      description = "HTTPS token/password for private repository sync")
  String httpsKey;

  @Option(
      names = {"--https-ca-cert"},
      description =
          "Base64-encoded HTTPS CA certificate for TLS communication with private repository sync")
  String httpsCaCert;

  @Option(
      names = {"--https-ca-cert-file"},
      description =
          "File path to HTTPS CA certificate file for TLS communication with private repository"
              + " sync")
  String httpsCaCertFile;

  @Option(
      names = {"--known-hosts"},
      description =
          "Base64-encoded known_hosts data containing public SSH keys required to access private"
              + " Git instances")
  String knownHosts;

  @Option(
      names = {"--known-hosts-file"},
      description =
          "File path to known_hosts contents containing public SSH keys required to access private"
              + " Git instances")
  String knownHostsFile;

  @Option(
      names = {"--provider"},
      converter = Choices.GitProvider.class,
      description =
          "Name of the provider used for authentication: generic, azure (Azure DevOps with"
              + " managed identity)")
  String provider;

  @Option(
      names = {"--bucket-name"},
      description = "Name of the S3 bucket to sync")
  String bucketName;

  @Option(
      names = {"--bucket-access-key"},
      description = "Access Key ID used to authenticate with the bucket")
  String bucketAccessKey;

  @Option(
      names = {"--bucket-secret-key"},
      description = "Secret Key used to authenticate with the bucket")
  String bucketSecretKey;

  @Option(
      names = {"--bucket-insecure"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Communicate with a bucket without TLS")
  Boolean bucketInsecure;

  @Option(
      names = {"--container-name"},
      description = "Name of the Azure Blob Storage container to sync")
  String containerName;

  @Option(
      names = {"--sp-client-id", "--service-principal-client-id"},
      description = "The client ID for authenticating a service principal with Azure Blob")
  String spClientId;

  @Option(
      names = {"--sp-tenant-id", "--service-principal-tenant-id"},
      description = "The tenant ID for authenticating a service principal with Azure Blob")
  String spTenantId;

  @Option(
      names = {"--sp-client-secret", "--service-principal-client-secret"},
      description = "The client secret for authenticating a service principal with Azure Blob")
  String spClientSecret;

  @Option(
      names = {"--sp-client-cert", "--service-principal-client-certificate"},
      description =
          "The Base64 encoded client certificate for authenticating a service principal with"
              + " Azure Blob")
  String spClientCert;

  @Option(
      names = {"--sp-cert-password", "--service-principal-client-certificate-password"},
      description =
          "The password for the client certificate used to authenticate a service"
              + " principal with Azure Blob")
  String spClientCertPassword;

  @Option(
      names = {"--sp-cert-send-chain", "--service-principal-client-certificate-send-chain"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Include the x5c header in client claims when acquiring a token")
  Boolean spClientCertSendChain;

  @Option(
      names = {"--account-key"},
      description = "The Azure Blob Shared Key for authentication")
  String accountKey;

  @Option(
      names = {"--sas-token"},
      description = "The Azure Blob SAS Token for authentication")
  String sasToken;

  @Option(
      names = {"--mi-client-id", "--managed-identity-client-id"},
      description = "The client ID of the managed identity for authentication with Azure Blob")
  String miClientId;

  @Option(
      names = {"--digest"},
      description = "Digest of the OCI artifact to reconcile with the cluster")
  String digest;

  @Option(
      names = {"--oci-media-type", "--oci-layer-selector-media-type"},
      description = "OCI artifact layer media type to select for extraction or copy")
  String ociMediaType;

  @Option(
      names = {"--oci-operation", "--oci-layer-selector-operation"},
      converter = Choices.OciOperation.class,
      description =
          "Operation on the selected OCI artifact layer: extract (default) or copy (the tarball"
              + " as-is)")
  String ociOperation;

  @Option(
      names = {"--tls-ca-certificate"},
      description = "Base64-encoded CA certificate for TLS communication with the OCI repository")
  String tlsCaCertificate;

  @Option(
      names = {"--tls-client-certificate"},
      description =
          "Base64-encoded client certificate for TLS authentication with the OCI repository")
  String tlsClientCertificate;

  @Option(
      names = {"--tls-private-key"},
      description = "Base64-encoded private key for TLS authentication with the OCI repository")
  String tlsPrivateKey;

  @Option(
      names = {"--service-account-name"},
      description =
          "Name of the Kubernetes service account to use for accessing the OCI repository")
  String serviceAccountName;

  @Option(
      names = {"--use-workload-identity"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Use workload identity for authentication with the OCI repository")
  Boolean useWorkloadIdentity;

  @Option(
      names = {"--oci-insecure"},
      arity = "0..1",
      fallbackValue = "true",
      converter = Choices.ThreeState.class,
      parameterConsumer = Choices.ThreeStateConsumer.class,
      description = "Allow connecting to an insecure (HTTP) OCI container registry")
  Boolean ociInsecure;

  @Option(
      names = {"--verification-provider"},
      description = "Provider used for OCI verification (e.g. cosign)")
  String verificationProvider;

  @Option(
      names = {"--match-oidc-identity"},
      arity = "1..*",
      paramLabel = "JSON",
      parameterConsumer = ManyValuesOption.class,
      description =
          "OIDC identities to match when verifying OCI artifacts, each a JSON object with"
              + " 'issuer' and 'subject'")
  ManyValuesOption.Holder matchOidcIdentityArgs = new ManyValuesOption.Holder();

  @Option(
      names = {"--verification-config"},
      arity = "1..*",
      paramLabel = "KEY=VALUE",
      parameterConsumer = ManyValuesOption.class,
      description = "Trusted public keys of the authors of OCI artifacts, as key=value")
  ManyValuesOption.Holder verificationConfigArgs = new ManyValuesOption.Holder();

  /** Parsed from {@link #matchOidcIdentityArgs} by {@link #parseVerifyArguments()}. */
  List<MatchOidcIdentityDefinition> matchOidcIdentity;

  /** Parsed from {@link #verificationConfigArgs} by {@link #parseVerifyArguments()}. */
  Map<String, String> verificationConfig;

  /**
   * az parses these two in argparse actions, so their errors come before any other validation; as
   * argparse's {@code setattr}, the last occurrence of a flag wins.
   */
  void parseVerifyArguments() {
    List<String> identities = matchOidcIdentityArgs.last();
    if (identities != null) {
      matchOidcIdentity = new ArrayList<>();
      for (String entry : identities) {
        matchOidcIdentity.add(oidcIdentity(entry));
      }
    }
    List<String> config = verificationConfigArgs.last();
    if (config != null) {
      verificationConfig = new LinkedHashMap<>();
      for (String item : config) {
        int eq = item.indexOf('=');
        if (eq < 0) {
          throw CliException.error(
              "Each entry for --verification-config must be in key=value format.");
        }
        verificationConfig.put(item.substring(0, eq), item.substring(eq + 1));
      }
    }
  }

  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static MatchOidcIdentityDefinition oidcIdentity(String entry) {
    JsonNode parsed;
    try {
      parsed = STRICT_JSON.readTree(entry);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (!(parsed instanceof ObjectNode obj) || !obj.has("issuer") || !obj.has("subject")) {
      throw CliException.error(
          "Each entry for --match-oidc-identity must be a JSON string with 'issuer' and 'subject'"
              + " fields.");
    }
    return new MatchOidcIdentityDefinition(text(obj.get("issuer")), text(obj.get("subject")));
  }

  /** A JSON value as the string az's model serializes it to; JSON null stays absent. */
  private static String text(JsonNode value) {
    if (value.isNull()) return null;
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /** The source arguments by az's parameter name, in az's order; unset ones are null. */
  Map<String, Object> byParameterName() {
    Map<String, Object> kw = new LinkedHashMap<>();
    kw.put("url", url);
    kw.put("bucket_name", bucketName);
    kw.put("timeout", timeout);
    kw.put("sync_interval", syncInterval);
    kw.put("branch", branch);
    kw.put("tag", tag);
    kw.put("semver", semver);
    kw.put("commit", commit);
    kw.put("local_auth_ref", localAuthRef);
    kw.put("ssh_private_key", sshPrivateKey);
    kw.put("ssh_private_key_file", sshPrivateKeyFile);
    kw.put("https_user", httpsUser);
    kw.put("https_key", httpsKey);
    kw.put("https_ca_cert", httpsCaCert);
    kw.put("https_ca_cert_file", httpsCaCertFile);
    kw.put("known_hosts", knownHosts);
    kw.put("known_hosts_file", knownHostsFile);
    kw.put("provider", provider);
    kw.put("bucket_access_key", bucketAccessKey);
    kw.put("bucket_secret_key", bucketSecretKey);
    kw.put("bucket_insecure", bucketInsecure);
    kw.put("container_name", containerName);
    kw.put("sp_client_id", spClientId);
    kw.put("sp_tenant_id", spTenantId);
    kw.put("sp_client_secret", spClientSecret);
    kw.put("sp_client_cert", spClientCert);
    kw.put("sp_client_cert_password", spClientCertPassword);
    kw.put("sp_client_cert_send_chain", spClientCertSendChain);
    kw.put("account_key", accountKey);
    kw.put("sas_token", sasToken);
    kw.put("mi_client_id", miClientId);
    kw.put("digest", digest);
    kw.put("oci_media_type", ociMediaType);
    kw.put("oci_operation", ociOperation);
    kw.put("tls_ca_certificate", tlsCaCertificate);
    kw.put("tls_client_certificate", tlsClientCertificate);
    kw.put("tls_private_key", tlsPrivateKey);
    kw.put("service_account_name", serviceAccountName);
    kw.put("use_workload_identity", useWorkloadIdentity);
    kw.put("oci_insecure", ociInsecure);
    kw.put("verification_provider", verificationProvider);
    kw.put("match_oidc_identity", matchOidcIdentity);
    kw.put("verification_config", verificationConfig);
    return kw;
  }
}
