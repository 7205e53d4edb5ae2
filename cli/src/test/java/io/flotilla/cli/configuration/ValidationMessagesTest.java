package io.flotilla.cli.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.cli.CliException;
import io.flotilla.cli.ClusterTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every client-side validation of {@code flux create}, with az's error and recommendation. */
class ValidationMessagesTest {
  static final String KNOWN_HOSTS_LINE = "github.com ssh-ed25519 " + sshBlob("ssh-ed25519");

  @TempDir Path dir;

  private static String sshBlob(String type) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    byte[] blob = new byte[4 + name.length + 8];
    blob[3] = (byte) name.length;
    System.arraycopy(name, 0, blob, 4, name.length);
    return Base64.getEncoder().encodeToString(blob);
  }

  private static CliException gitError(Consumer<SourceOptions> flags) {
    SourceOptions o = new SourceOptions();
    o.url = "https://github.com/Azure/gitops-flux2-kustomize-helm-mt";
    o.branch = "main";
    flags.accept(o);
    return catchThrowableOfType(
        CliException.class,
        () -> Sources.forKind(o.kind == null ? "git" : o.kind, o).validateComplete());
  }

  /** The error of a {@code kind} source (git's default branch unset) with {@code flags}. */
  private static CliException kindError(String kind, Consumer<SourceOptions> flags) {
    return gitError(
        o -> {
          o.kind = kind;
          o.branch = null;
          flags.accept(o);
        });
  }

  private static void expect(CliException e, String message, String recommendation) {
    assertThat(e).as("expected an error").isNotNull();
    assertThat(e.getMessage()).isEqualTo(message);
    if (recommendation == null) {
      assertThat(e.recommendations()).isEmpty();
    } else {
      assertThat(e.recommendations()).containsExactly(recommendation);
    }
    assertThat(e.exitCode()).isEqualTo(1);
  }

  @Test
  void theTutorialFlagsAreValid() {
    assertThat(gitError(o -> {})).isNull();
  }

  @ParameterizedTest(name = "--name {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-config | Parameter --name cannot begin or end with a hyphen.",
        "config- | Parameter --name cannot begin or end with a hyphen.",
        ".config | Parameter --name cannot begin or end with a period.",
        "Config  | Error! Invalid --name",
        "my_config | Error! Invalid --name",
      })
  void configurationNames(String name, String recommendation) {
    var e =
        catchThrowableOfType(
            CliException.class, () -> Names.validateResourceName(name.strip(), "--name", 63));
    expect(e, "Error! Invalid --name", recommendation.strip());
  }

  @Test
  void nameLengthAndValidNames() {
    var e =
        catchThrowableOfType(
            CliException.class, () -> Names.validateResourceName("a".repeat(64), "--name", 63));
    expect(
        e,
        "Error! Invalid --name",
        "Parameter --name can be a maximum of 63 characters. Specify a shorter name and try"
            + " again.");
    Names.validateResourceName("a".repeat(63), "--name", 63);
    Names.validateResourceName("cluster-config.v2", "--name", 63);
  }

  @Test
  void namespaces() {
    expect(
        catchThrowableOfType(
            CliException.class, () -> Names.validateNamespace("my.ns", "--namespace", 253)),
        "Error! Invalid --namespace",
        "Parameter --namespace can only contain lowercase alphanumeric characters and hyphens");
    expect(
        catchThrowableOfType(
            CliException.class, () -> Names.validateNamespace("ns-", "--namespace", 253)),
        "Error! Invalid --namespace",
        "Parameter --namespace cannot begin or end with a hyphen.");
    Names.validateNamespace("cluster-config", "--namespace", 253);
  }

  @Test
  void urlScheme() {
    expect(
        gitError(o -> o.url = "ftp://example.com/repo"),
        "Error! Invalid --url.",
        "Url must begin with one of ['http://', 'https://', 'git@', 'ssh://']");
    assertThat(gitError(o -> o.url = "git@github.com:org/repo.git")).isNull();
    assertThat(gitError(o -> o.url = "ssh://git@github.com/org/repo.git")).isNull();
  }

  @Test
  void exactlyOneRepositoryRef() {
    expect(
        gitError(o -> o.branch = null),
        "Error! Repository reference is invalid",
        "Specifying one of [--branch, --tag, --semver, --commit] is required");
    expect(
        gitError(o -> o.tag = "v1"),
        "Error! Repository reference is invalid",
        "Specifying more than one repository ref argument is invalid");
    assertThat(
            gitError(
                o -> {
                  o.branch = null;
                  o.semver = ">=1.0.0";
                }))
        .isNull();
  }

  @Test
  void sshAuthWithAnHttpUrl() {
    expect(
        gitError(o -> o.sshPrivateKey = "abc"),
        "Error! An --ssh-private-key cannot be used with an http(s) url",
        "Verify the url provided is a valid ssh url and not an http(s) url");
    expect(
        gitError(
            o ->
                o.knownHosts =
                    Base64.getEncoder()
                        .encodeToString(KNOWN_HOSTS_LINE.getBytes(StandardCharsets.UTF_8))),
        "Error! --ssh-known-hosts cannot be used with an http(s) url",
        "Verify the url provided is a valid ssh url and not an http(s) url");
  }

  @Test
  void httpsAuthWithAnSshUrlAndHalfCredentials() {
    expect(
        gitError(
            o -> {
              o.url = "ssh://git@example.com/repo";
              o.httpsUser = "me";
              o.httpsKey = "pw";
            }),
        "Error! https auth (--https-user and --https-key) cannot be used with a non-http(s) url",
        "Verify the url provided is a valid http(s) url and not an ssh url");
    expect(
        gitError(o -> o.httpsUser = "me"),
        "Error! --https-user and --https-key cannot be used separately",
        "Try providing both --https-user and --https-key together");
  }

  @Test
  void keyAndFileTogetherAndUnreadableFiles() throws Exception {
    Path file = Files.writeString(dir.resolve("known_hosts"), KNOWN_HOSTS_LINE + "\n");
    expect(
        gitError(
            o -> {
              o.url = "ssh://git@github.com/org/repo";
              o.knownHosts = "abc";
              o.knownHostsFile = file.toString();
            }),
        "Error! Both textual key and key filepath cannot be provided",
        "Try providing the file parameter without providing the plaintext parameter");
    String missing = dir.resolve("nope").toString();
    expect(
        gitError(
            o -> {
              o.url = "ssh://git@github.com/org/repo";
              o.knownHostsFile = missing;
            }),
        "Error! Unable to read key file specified with: [Errno 2] No such file or directory: '"
            + missing
            + "'",
        "Verify that the filepath specified exists and contains valid utf-8 data");
    assertThat(
            gitError(
                o -> {
                  o.url = "ssh://git@github.com/org/repo";
                  o.knownHostsFile = file.toString();
                }))
        .isNull();
  }

  @Test
  void knownHostsFormat() {
    String ssh = "ssh://git@github.com/org/repo";
    expect(
        gitError(
            o -> {
              o.url = ssh;
              o.knownHosts = "%%% not base64 %%%";
            }),
        "Error! ssh known_hosts is not a valid utf-8 base64 encoded string",
        "Verify that the string provided safely decodes into a valid utf-8 format");
    expect(
        gitError(
            o -> {
              o.url = ssh;
              o.knownHosts = base64("github.com ssh-rsa\n");
            }),
        "Error! ssh known_hosts provided in wrong format",
        "Verify that all lines in the known_hosts contents are provided in a valid sshd(8)"
            + " format");
    expect(
        gitError(
            o -> {
              o.url = ssh;
              o.knownHosts = base64("github.com ssh-foo " + sshBlob("ssh-foo"));
            }),
        "Error! ssh known_hosts provided in wrong format",
        "Verify that all lines in the known_hosts contents are provided in a valid sshd(8)"
            + " format");
    assertThat(
            gitError(
                o -> {
                  o.url = ssh;
                  o.knownHosts = base64("# comment\n\n" + KNOWN_HOSTS_LINE + "\n");
                }))
        .isNull();
  }

  @Test
  void flagsOfAnotherSourceKind() {
    expect(
        gitError(
            o -> {
              o.bucketName = "b";
              o.containerName = "c";
            }),
        "Error! Invalid properties ['--bucket-name','--container-name'] were specified for kind"
            + " 'git'",
        "Valid properties for kind 'git' include ['--url','--branch','--tag','--semver',"
            + "'--commit','--sync-interval','--timeout','--ssh-private-key',"
            + "'--ssh-private-key-file','--https-user','--https-key','--https-ca-cert',"
            + "'--https-ca-cert-file','--known-hosts','--known-hosts-file','--local-auth-ref',"
            + "'--provider']");
  }

  @Test
  void durationsOfTheSource() {
    expect(
        gitError(o -> o.timeout = "ten"),
        "Error! Invalid --timeout.",
        "Specify a valid Go duration and try again (i.e. 1h2m5s)");
    expect(
        gitError(o -> o.syncInterval = "5"),
        "Error! Invalid --sync-interval.",
        "Specify a valid Go duration and try again (i.e. 1h2m5s)");
  }

  @Test
  void bucketAndAzureBlobKinds() {
    expect(
        kindError("bucket", o -> {}),
        "Error! Required properties ['--bucket-name'] were not specified for kind 'bucket'",
        "Add the missing required properties and try again");
    expect(
        kindError("bucket", o -> o.bucketName = "b"),
        "Error! Auth properties must be specified for kind 'bucket'",
        "Provide either both of '--secret-key' and '--access-key' or '--local-auth-ref'");
    expect(
        kindError(
            "azblob",
            o -> {
              o.containerName = "c";
              o.accountKey = "k";
              o.sasToken = "s";
            }),
        "Error! Too many authentication methods provided for Azure Blob",
        "Specify one of the available authentication methods from the list: '--local-auth-ref',"
            + " '--account-key', '--sas-token', '--mi-client-id', or service principal with"
            + " '--sp-client-id', '--sp-tenant-id', and either '--sp-client-secret' or"
            + " '--sp-client-cert'");
    expect(
        kindError(
            "azblob",
            o -> {
              o.containerName = "c";
              o.spClientId = "id";
            }),
        "Error! Service principal is invalid because it is missing value(s)",
        "Provide '--sp-client-id', '--sp-tenant-id', and either '--sp-client-secret' or"
            + " '--sp-client-cert'");
  }

  @Test
  void clusterTypes() {
    assertThat(ClusterTarget.resourceProvider("connectedClusters", null))
        .isEqualTo("Microsoft.Kubernetes");
    assertThat(ClusterTarget.resourceProvider("managedClusters", null))
        .isEqualTo("Microsoft.ContainerService");
    assertThat(
            ClusterTarget.resourceProvider(
                "provisionedClusters", "Microsoft.HybridContainerService"))
        .isEqualTo("microsoft.hybridcontainerservice");
    assertThatThrownBy(() -> ClusterTarget.resourceProvider("provisionedClusters", null))
        .hasMessage(
            "Error! Cluster Resource Provider value is required for Cluster Type"
                + " 'provisionedClusters'");
    assertThatThrownBy(() -> ClusterTarget.resourceProvider("provisionedClusters", "x"))
        .hasMessage(
            "Error! Cluster type 'provisionedClusters' and Cluster Resource Provider 'x'"
                + " combination is not supported");
    assertThatThrownBy(() -> ClusterTarget.resourceProvider("fooClusters", null))
        .hasMessage("Error! Cluster type 'fooClusters' is not supported");
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
