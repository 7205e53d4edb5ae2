package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client-side validation of az's {@code k8s-configuration} and {@code k8s-extension}
 * commands, one row each: the command line, az's exact error line and recommendation, and az's exit
 * code (1 for errors, 2 for argument errors, 3 for resources not found). Rows run against a fake
 * ARM service that holds the tutorial's configuration, so validations that need the current state
 * (kustomization exists, extension installing) are in the same table.
 */
class AzValidationsIT extends DemoClusterIT {
  private static final String SUB = "00000000-0000-0000-0000-000000000000";
  private static final String T = " -g flux-demo-rg -c flux-demo-arc -t connectedClusters";
  private static final String CREATE = "k8s-configuration flux create" + T;
  private static final String GIT =
      CREATE + " -n new-config -u https://github.com/Azure/gitops-flux2-kustomize-helm-mt";
  private static final String SSH = CREATE + " -n new-config -u ssh://git@github.com/org/repo";
  private static final String BUCKET = CREATE + " -n b --kind bucket -u https://s3.example.com";
  private static final String AZBLOB =
      CREATE + " -n ab --kind azblob -u https://acct.blob.core.windows.net --container-name c";
  private static final String OCI =
      CREATE + " -n o --kind oci -u oci://ghcr.io/stefanprodan/manifests/podinfo";
  private static final String KUST = "k8s-configuration flux kustomization";
  private static final String GIT_PROPERTIES =
      "Valid properties for kind 'git' include ['--url','--branch','--tag','--semver',"
          + "'--commit','--sync-interval','--timeout','--ssh-private-key',"
          + "'--ssh-private-key-file','--https-user','--https-key','--https-ca-cert',"
          + "'--https-ca-cert-file','--known-hosts','--known-hosts-file','--local-auth-ref',"
          + "'--provider']";
  private static final String EXT = "k8s-extension create" + T + " -n mon --extension-type x";
  private static final String KNOWN_HOSTS =
      "Z2l0aHViLmNvbSBzc2gtZWQyNTUxOSBBQUFBQzNOemFDMWxaREkxTlRFNUFBQUFJT01xcW5rVnpybTBTZEc2VU9"
          + "vcUtMc2FiZ0g1Qzlva1dpMGRoMmw5R0tKbAo=";
  private static final String DURATION_HELP =
      "Specify a valid Go duration and try again (i.e. 1h2m5s)";
  private static final String URL_HELP =
      "Url must begin with one of ['http://', 'https://', 'git@', 'ssh://']";
  private static final String SSH_URL_HELP =
      "Verify the url provided is a valid ssh url and not an http(s) url";
  private static final String AZBLOB_AUTH_HELP =
      "Specify one of the available authentication methods from the list: '--local-auth-ref',"
          + " '--account-key', '--sas-token', '--mi-client-id', or service principal with"
          + " '--sp-client-id', '--sp-tenant-id', and either '--sp-client-secret' or"
          + " '--sp-client-cert'";

  /** One validation: its command line, az's error and recommendation (null: none), exit code. */
  record Row(String id, String setup, String line, String error, String recommendation, int exit) {
    @Override
    public String toString() {
      return id;
    }
  }

  static Row row(String id, String line, String error, String recommendation) {
    return new Row(id, "", line, error, recommendation, 1);
  }

  static Stream<Row> rows() {
    String a64 = "a".repeat(64);
    return Stream.of(
        // --name (validate_fluxconfig_name: DNS subdomain, 63)
        row(
            "name too long",
            GIT.replace("new-config", a64) + " --branch main",
            "Error! Invalid --name",
            "Parameter --name can be a maximum of 63 characters. Specify a shorter name and try"
                + " again."),
        row(
            "name ends with hyphen",
            GIT.replace("new-config", "config-") + " --branch main",
            "Error! Invalid --name",
            "Parameter --name cannot begin or end with a hyphen."),
        row(
            "name ends with period",
            GIT.replace("new-config", "config.") + " --branch main",
            "Error! Invalid --name",
            "Parameter --name cannot begin or end with a period."),
        // az's recommendation repeats the error here (consts bug), and so do we.
        row(
            "name with bad characters",
            GIT.replace("new-config", "Bad_Name") + " --branch main",
            "Error! Invalid --name",
            "Error! Invalid --name"),
        row(
            "show validates the name too",
            "k8s-configuration flux show" + T + " -n Bad_Name",
            "Error! Invalid --name",
            "Error! Invalid --name"),
        // --namespace (validate_namespace: DNS label, 253)
        row(
            "namespace with a period",
            GIT + " --branch main --namespace my.ns",
            "Error! Invalid --namespace",
            "Parameter --namespace can only contain lowercase alphanumeric characters and"
                + " hyphens"),
        row(
            "namespace ends with hyphen",
            GIT + " --branch main --namespace ns-",
            "Error! Invalid --namespace",
            "Parameter --namespace cannot begin or end with a hyphen."),
        row(
            "namespace too long",
            GIT + " --branch main --namespace " + "n".repeat(254),
            "Error! Invalid --namespace",
            "Parameter --namespace can be a maximum of 253 characters. Specify a shorter name and"
                + " try again."),
        // --kustomization (KustomizationAddAction / validate_kustomization)
        row(
            "kustomization name invalid",
            GIT + " --branch main -k name=Bad_K",
            "Error! Invalid name",
            "Error! Invalid name"),
        row(
            "kustomization name too long",
            GIT + " --branch main -k name=" + a64,
            "Error! Invalid name",
            "Parameter name can be a maximum of 63 characters. Specify a shorter name and try"
                + " again."),
        row(
            "kustomization without name",
            GIT + " --branch main -k path=./apps",
            "Error! Kustomization definition is invalid, required values {'name'} not found",
            "Add the required values to the Kustomization object and try again"),
        row(
            "kustomization token without =",
            GIT + " --branch main --kustomization name=a prune",
            "usage error: --kustomization KEY=VALUE [KEY=VALUE ...]",
            null),
        row(
            "kustomization sync interval",
            GIT + " --branch main -k name=a sync_interval=soon",
            "Error! Invalid sync-interval.",
            DURATION_HELP),
        row(
            "kustomization timeout",
            GIT + " --branch main -k name=a timeout=x",
            "Error! Invalid timeout.",
            DURATION_HELP),
        row(
            "kustomization retry interval",
            GIT + " --branch main -k name=a retryInterval=x",
            "Error! Invalid retry-interval.",
            DURATION_HELP),
        // source durations
        row(
            "source timeout",
            GIT + " --branch main --timeout abc",
            "Error! Invalid --timeout.",
            DURATION_HELP),
        row(
            "source sync interval",
            GIT + " --branch main --interval abc",
            "Error! Invalid --sync-interval.",
            DURATION_HELP),
        // required and foreign properties per kind
        new Row(
            "url is required on create",
            "",
            CREATE + " -n x --branch main",
            "the following arguments are required: --url/-u",
            null,
            2),
        row(
            "bucket needs a bucket name",
            BUCKET + " --local-auth-ref s",
            "Error! Required properties ['--bucket-name'] were not specified for kind 'bucket'",
            "Add the missing required properties and try again"),
        row(
            "azblob needs a container name",
            CREATE + " -n ab --kind azblob -u https://acct.blob.core.windows.net",
            "Error! Required properties ['--container-name'] were not specified for kind"
                + " 'azblob'",
            "Add the missing required properties and try again"),
        row(
            "flags of another kind",
            GIT + " --branch main --bucket-name b --container-name c",
            "Error! Invalid properties ['--bucket-name','--container-name'] were specified for"
                + " kind 'git'",
            GIT_PROPERTIES),
        row(
            "oci flags with kind git",
            GIT + " --branch main --digest sha256:abc --oci-insecure --use-workload-identity false",
            "Error! Invalid properties ['--digest','--oci-insecure'] were specified for kind"
                + " 'git'",
            GIT_PROPERTIES),
        row(
            "git flags with kind oci",
            OCI + " --branch main --https-user u --tag v1",
            "Error! Invalid properties ['--branch','--https-user'] were specified for kind 'oci'",
            "Valid properties for kind 'oci' include ['--url','--tag','--semver','--digest',"
                + "'--sync-interval','--timeout','--local-auth-ref','--oci-media-type',"
                + "'--oci-operation','--tls-ca-certificate','--tls-client-certificate',"
                + "'--tls-private-key','--service-account-name','--use-workload-identity',"
                + "'--oci-insecure','--verification-provider','--match-oidc-identity',"
                + "'--verification-config']"),
        row(
            "oci url scheme",
            CREATE + " -n o --kind oci -u https://ghcr.io/stefanprodan/manifests/podinfo",
            "Error! Invalid --url.",
            URL_HELP),
        row("oci timeout", OCI + " --timeout soon", "Error! Invalid --timeout.", DURATION_HELP),
        row(
            "oci match identity not json",
            OCI + " --match-oidc-identity issuer=x",
            "Each entry for --match-oidc-identity must be a JSON string with 'issuer' and"
                + " 'subject' fields.",
            null),
        row(
            "oci match identity without subject",
            OCI + " --match-oidc-identity '{\"issuer\":\"https://token.actions\"}'",
            "Each entry for --match-oidc-identity must be a JSON string with 'issuer' and"
                + " 'subject' fields.",
            null),
        row(
            "oci match identity not an object",
            OCI + " --match-oidc-identity '[\"issuer\",\"subject\"]'",
            "Each entry for --match-oidc-identity must be a JSON string with 'issuer' and"
                + " 'subject' fields.",
            null),
        row(
            "oci verification config without =",
            OCI + " --verification-provider cosign --verification-config key.pub",
            "Each entry for --verification-config must be in key=value format.",
            null),
        new Row(
            "oci operation outside the choices",
            "",
            OCI + " --oci-operation unpack",
            "flotilla k8s-configuration flux create: 'unpack' is not a valid value for"
                + " '--oci-operation'.",
            null,
            2),
        row(
            "oci flags on an update of a git configuration",
            "k8s-configuration flux update" + T + " -n cluster-config --digest sha256:abc",
            "Error! Invalid properties ['--digest'] were specified for kind 'git'",
            GIT_PROPERTIES),
        // url
        row(
            "git url scheme",
            CREATE + " -n x -u ftp://example.com/repo --branch main",
            "Error! Invalid --url.",
            URL_HELP),
        row(
            "bucket url scheme",
            BUCKET.replace("https://s3.example.com", "git@s3:b")
                + " --bucket-name b --local-auth-ref s",
            "Error! Invalid --url.",
            URL_HELP),
        row(
            "azblob url scheme",
            AZBLOB.replace("https://acct", "ssh://acct") + " --account-key k",
            "Error! Invalid --url.",
            URL_HELP),
        // repository reference
        row(
            "no repository ref",
            GIT,
            "Error! Repository reference is invalid",
            "Specifying one of [--branch, --tag, --semver, --commit] is required"),
        row(
            "two repository refs",
            GIT + " --branch main --tag v1",
            "Error! Repository reference is invalid",
            "Specifying more than one repository ref argument is invalid"),
        // auth versus url scheme
        row(
            "ssh key with an https url",
            GIT + " --branch main --ssh-private-key abc",
            "Error! An --ssh-private-key cannot be used with an http(s) url",
            SSH_URL_HELP),
        row(
            "known hosts with an https url",
            GIT + " --branch main --known-hosts " + KNOWN_HOSTS,
            "Error! --ssh-known-hosts cannot be used with an http(s) url",
            SSH_URL_HELP),
        row(
            "https auth with an ssh url",
            SSH + " --branch main --https-user u --https-key k",
            "Error! https auth (--https-user and --https-key) cannot be used with a non-http(s)"
                + " url",
            "Verify the url provided is a valid http(s) url and not an ssh url"),
        row(
            "https user without key",
            GIT + " --branch main --https-user u",
            "Error! --https-user and --https-key cannot be used separately",
            "Try providing both --https-user and --https-key together"),
        // key material
        row(
            "key and key file together",
            SSH + " --branch main --known-hosts " + KNOWN_HOSTS + " --known-hosts-file /etc/hosts",
            "Error! Both textual key and key filepath cannot be provided",
            "Try providing the file parameter without providing the plaintext parameter"),
        row(
            "unreadable key file",
            SSH + " --branch main --ssh-private-key-file /nonexistent/key",
            "Error! Unable to read key file specified with: [Errno 2] No such file or directory:"
                + " '/nonexistent/key'",
            "Verify that the filepath specified exists and contains valid utf-8 data"),
        row(
            "known hosts not base64",
            SSH + " --branch main --known-hosts abc",
            "Error! ssh known_hosts is not a valid utf-8 base64 encoded string",
            "Verify that the string provided safely decodes into a valid utf-8 format"),
        row(
            "known hosts line malformed",
            SSH + " --branch main --known-hosts Z2l0aHViLmNvbSBzc2gtcnNhCg==",
            "Error! ssh known_hosts provided in wrong format",
            "Verify that all lines in the known_hosts contents are provided in a valid sshd(8)"
                + " format"),
        row(
            "ssh key not a key",
            SSH + " --branch main --ssh-private-key bm90IGEga2V5",
            "Error! --ssh-private-key provided in invalid format",
            "Verify the key provided is a valid PEM-formatted key of type RSA, ECC, DSA, or"
                + " Ed25519"),
        // bucket and Azure Blob authentication
        row(
            "bucket without auth",
            BUCKET + " --bucket-name b",
            "Error! Auth properties must be specified for kind 'bucket'",
            "Provide either both of '--secret-key' and '--access-key' or '--local-auth-ref'"),
        row(
            "bucket with half the keys",
            BUCKET + " --bucket-name b --bucket-access-key a",
            "Error! Auth properties must be specified for kind 'bucket'",
            "Provide either both of '--secret-key' and '--access-key' or '--local-auth-ref'"),
        row(
            "service principal incomplete",
            AZBLOB + " --sp-client-id id",
            "Error! Service principal is invalid because it is missing value(s)",
            "Provide '--sp-client-id', '--sp-tenant-id', and either '--sp-client-secret' or"
                + " '--sp-client-cert'"),
        row(
            "service principal secret and cert",
            AZBLOB + " --sp-client-id i --sp-tenant-id t --sp-client-secret s --sp-client-cert c",
            "Error! Too many authentication methods provided for service principal",
            "Provide either '--sp-client-secret' or '--sp-client-cert'"),
        row(
            "certificate password without certificate",
            AZBLOB + " --sp-client-id i --sp-tenant-id t --sp-client-secret s --sp-cert-password p",
            "Error! Service principal certificate password is invalid",
            "Provide '--sp-client-id', '--sp-tenant-id', and '--sp-client-cert' with your"
                + " '--sp-cert-password"),
        row(
            "azure blob with two auth methods",
            AZBLOB + " --account-key k --sas-token s",
            "Error! Too many authentication methods provided for Azure Blob",
            AZBLOB_AUTH_HELP),
        // cluster type and resource provider
        row(
            "provisioned cluster without rp",
            "k8s-configuration flux list -g rg -c c -t provisionedClusters",
            "Error! Cluster Resource Provider value is required for Cluster Type"
                + " 'provisionedClusters'",
            null),
        row(
            "provisioned cluster with another rp",
            "k8s-configuration flux list -g rg -c c -t provisionedClusters --cluster-rp foo",
            "Error! Cluster type 'provisionedClusters' and Cluster Resource Provider 'foo'"
                + " combination is not supported",
            null),
        new Row(
            "cluster type outside the choices",
            "",
            "k8s-configuration flux list -g rg -c c -t fooClusters",
            "flotilla k8s-configuration flux list: 'fooClusters' is not a valid value for"
                + " '--cluster-type'.",
            null,
            2),
        new Row(
            "kind outside the choices",
            "",
            GIT + " --branch main --kind svn",
            "flotilla k8s-configuration flux create: 'svn' is not a valid value for '--kind'.",
            null,
            2),
        new Row(
            "three-state flag value",
            "",
            GIT + " --branch main --suspend maybe",
            "flotilla k8s-configuration flux create: 'maybe' is not a valid value for"
                + " '--suspend'.",
            null,
            2),
        // the flux extension's state (create pre-checks)
        new Row(
            "flux extension installing",
            "Creating",
            GIT + " --branch main",
            "Error! 'Microsoft.Flux' extension is currently installing on the cluster. Unable to"
                + " proceed with Flux v2 configuration install.",
            "Try again in a few minutes when the 'Microsoft.Flux' extension installation has"
                + " completed.",
            1),
        new Row(
            "flux extension failed",
            "Failed",
            GIT + " --branch main",
            "Error! 'Microsoft.Flux' extension is installed but not in a succeeded state on the"
                + " cluster. Unable to proceed with Flux v2 configuration install.",
            "Try resolving the extension error on the cluster or removing and re-installing the"
                + " extension.",
            1),
        // not found
        new Row(
            "show of a missing configuration",
            "",
            "k8s-configuration flux show" + T + " -n nope",
            "(FluxConfigurationNotFound) The Resource Microsoft.Kubernetes/connectedClusters/"
                + "flux-demo-arc/Microsoft.KubernetesConfiguration/fluxConfigurations/nope could"
                + " not be found!",
            "Verify that the Resource Microsoft.Kubernetes/connectedClusters/flux-demo-arc/"
                + "Microsoft.KubernetesConfiguration/fluxConfigurations/nope exists",
            3),
        // kustomization subcommands
        row(
            "kustomization create of an existing one",
            KUST + " create" + T + " -n cluster-config -k infra --path ./x",
            "Error! Cannot create a kustomization that already exists. Kustomization name 'infra'"
                + " already exists on configuration 'cluster-config'",
            "You can update an already created kustomization with 'flotilla k8s-configuration"
                + " flux kustomization update'"),
        row(
            "kustomization update of a missing one",
            KUST + " update" + T + " -n cluster-config -k nope --path ./x",
            "Error! Cannot update a kustomization that doesn't exist. Kustomization name 'nope'"
                + " does not exist on configuration 'cluster-config'",
            "You can add the kustomization to the configuration with 'flotilla k8s-configuration"
                + " flux kustomization create'"),
        row(
            "kustomization delete of a missing one",
            KUST + " delete" + T + " -n cluster-config -k nope --yes",
            "Error! Cannot delete a kustomization that doesn't exist.",
            "You can view all kustomizations on a configuration with 'flotilla k8s-configuration"
                + " flux kustomization list'"),
        row(
            "kustomization show of a missing one",
            KUST + " show" + T + " -n cluster-config -k nope",
            "Error! Kustomization with name 'nope' does not exist on configuration"
                + " 'cluster-config'.",
            "You can view all kustomizations on a configuration with 'flotilla k8s-configuration"
                + " flux kustomization list'"),
        row(
            "kustomization create duration",
            KUST + " create" + T + " -n cluster-config -k new --timeout soon",
            "Error! Invalid --timeout.",
            DURATION_HELP),
        row(
            "kustomization update retry interval",
            KUST + " update" + T + " -n cluster-config -k infra --retry-interval soon",
            "Error! Invalid --retry-interval.",
            DURATION_HELP),
        row(
            "deployed object that is not there",
            "k8s-configuration flux deployed-object show"
                + T
                + " -n cluster-config"
                + " --object-name x --object-namespace y --object-kind GitRepository",
            "Error! Deployed object with name 'x', namespace 'y', and kind 'GitRepository' does"
                + " not exist on configuration 'cluster-config'.",
            "You can view all deployed objects on a configuration with 'flotilla"
                + " k8s-configuration flux deployed-object list'"),
        // prompts without a terminal
        row(
            "kind change needs an answer",
            "k8s-configuration flux update"
                + T
                + " -n cluster-config --kind bucket"
                + " -u https://s3.example.com --bucket-name b --local-auth-ref s",
            "Unable to prompt for confirmation as no tty available. Use --yes.",
            null),
        // k8s-extension
        row(
            "extension protected setting without =",
            EXT + " --config-protected-settings novalue",
            "Usage error: --config-protected-settings"
                + " configuration_protected_setting_key=configuration_protected_setting_value",
            null),
        row(
            "known hosts not utf-8",
            SSH + " --branch main --known-hosts /w==",
            "Error! ssh known_hosts is not a valid utf-8 base64 encoded string",
            "Verify that the string provided safely decodes into a valid utf-8 format"),
        row(
            "extension setting without =",
            EXT + " --config novalue",
            "Usage error: --config configuration_setting_key=configuration_setting_value",
            null),
        row(
            "extension settings and settings file",
            EXT + " --config a=1 --config-file /etc/hosts",
            "Error! Both configuration-settings and configuration-settings-file cannot be"
                + " provided.",
            null),
        row(
            "extension cluster scope with target namespace",
            EXT + " --scope cluster --target-namespace ns",
            "When --scope is 'cluster', --target-namespace must not be given.",
            null),
        row(
            "extension namespace scope with release namespace",
            EXT + " --scope namespace --target-namespace ns --release-namespace rel",
            "When --scope is 'namespace', --release-namespace must not be given.",
            null),
        row(
            "extension namespace scope without target namespace",
            EXT + " --scope namespace",
            "When --scope is 'namespace', --target-namespace must be given.",
            null),
        row(
            "extension version with auto upgrade",
            EXT + " --version 1.2.3 --auto-upgrade-minor-version true",
            "To pin to specific version, auto-upgrade-minor-version must be set to 'false'.",
            null));
  }

  AzValidationsIT() {
    super(SUB);
  }

  @BeforeEach
  void createTutorialConfiguration() {
    var created =
        cli.run(
            CliRunner.shell(
                CREATE
                    + " -n cluster-config --namespace cluster-config --scope cluster"
                    + " -u https://github.com/Azure/gitops-flux2-kustomize-helm-mt --branch main"
                    + " -k name=infra path=./infrastructure prune=true"
                    + " -k name=apps path=./apps/staging prune=true dependsOn=infra"
                    + " -o none --only-show-errors"));
    assertThat(created.exitCode()).as(created.err()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void azsMessageAndExitCode(Row row) {
    if (!row.setup().isEmpty()) {
      arm.resources.values().stream()
          .filter(r -> r.path("properties").path("extensionType").asText().equals("microsoft.flux"))
          .forEach(r -> ((ObjectNode) r.get("properties")).put("provisioningState", row.setup()));
    }
    int before = arm.requests("PUT").size() + arm.requests("PATCH").size();
    var result = cli.run(CliRunner.shell(row.line() + " --only-show-errors"));
    assertThat(result.exitCode()).as(result.err()).isEqualTo(row.exit());
    String expected =
        "ERROR: "
            + row.error()
            + "\n"
            + (row.recommendation() == null ? "" : row.recommendation() + "\n");
    String err = result.err().replaceAll("(?m)^.*\\(y/n\\): ", "");
    assertThat(err).startsWith(expected);
    if (row.exit() == 2) {
      // argument errors add at most a hint, never a traceback
      assertThat(err).doesNotContain("Traceback");
    } else {
      assertThat(err).isEqualTo(expected);
    }
    assertThat(arm.requests("PUT").size() + arm.requests("PATCH").size())
        .as("a failed validation writes nothing")
        .isEqualTo(before);
    assertThat(result.out()).isEmpty();
  }
}
