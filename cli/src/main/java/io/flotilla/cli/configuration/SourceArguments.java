package io.flotilla.cli.configuration;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** az's valid source arguments per source kind, by az's parameter names, in az's order. */
final class SourceArguments {
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

  private SourceArguments() {}

  /** The arguments a source kind accepts; any other given one is refused. */
  static Set<String> valid(String kind) {
    return switch (kind) {
      case Sources.BUCKET -> BUCKET_VALID;
      case Sources.AZBLOB -> AZBLOB_VALID;
      case Sources.OCI -> OCI_VALID;
      default -> GIT_VALID;
    };
  }

  static Set<String> orderedSet(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }
}
