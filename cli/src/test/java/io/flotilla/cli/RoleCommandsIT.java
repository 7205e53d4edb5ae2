package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import io.flotilla.server.auth.OidcOptions;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla role assignment …} as az has it, and what a user signed in at the OIDC issuer may
 * then do through the CLI: a Reader lists but cannot create, in ARM's words.
 */
class RoleCommandsIT {
  static final String SUB = "00000000-0000-0000-0000-0000000000cc";
  static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg";
  static final String CLUSTER = RG + "/providers/Microsoft.Kubernetes/connectedClusters/edge";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path data;
  OidcIssuer issuer;
  ConfigurationServer server;
  CliRunner admin;
  CliRunner reader;

  @BeforeEach
  void start() throws Exception {
    issuer = OidcIssuer.start();
    server =
        ConfigurationServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDataDir(data)
                .withOidc(OidcOptions.of(issuer.issuer(), "api://flotilla")));
    new CliConfig(server.url(), server.adminToken(), SUB)
        .save(home.resolve(".flotilla").resolve("config"));
    admin = new CliRunner(home);
    String token = issuer.token("api://flotilla", "reader-oid", "reader@example.com", List.of());
    reader = new CliRunner(home).env("FLOTILLA_TOKEN", token);
  }

  @AfterEach
  void stop() {
    server.close();
    issuer.close();
  }

  static CliRunner.Result run(CliRunner cli, String line) {
    return cli.run(CliRunner.shell(line));
  }

  @Test
  void aReaderSeesButCannotCreateAndLosesAccessWhenTheAssignmentGoes() throws Exception {
    connectWithFluxExtension();
    var created =
        run(admin, "role assignment create --assignee reader-oid --role Reader --scope " + RG);
    assertThat(created.exitCode()).as(created.err()).isZero();
    JsonNode assignment = JSON.readTree(created.out());
    assertThat(assignment.path("principalId").asText()).isEqualTo("reader-oid");
    assertThat(assignment.path("scope").asText()).isEqualTo(RG);
    assertThat(assignment.path("roleDefinitionId").asText())
        .endsWith(
            "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7");
    assertThat(assignment.path("resourceGroup").asText()).isEqualTo("rg");

    var listed = run(admin, "role assignment list --all --assignee reader-oid");
    assertThat(JSON.readTree(listed.out()).findValuesAsText("roleDefinitionName"))
        .containsExactly("Reader");
    var again =
        run(admin, "role assignment create --assignee reader-oid --role Reader --scope " + RG);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("(RoleAssignmentExists) The role assignment already exists.");
    assertThat(run(admin, "role assignment create --assignee x --role Nope").err())
        .contains("Role 'Nope' doesn't exist.");

    var list = run(reader, "k8s-configuration flux list -g rg -c edge -t connectedClusters");
    assertThat(list.exitCode()).as(list.err()).isZero();

    var create =
        run(
            reader,
            "k8s-configuration flux create -g rg -c edge -t connectedClusters -n cluster-config"
                + " --namespace cluster-config --scope cluster -u https://github.com/Azure/gitops-flux2-kustomize-helm-mt"
                + " --branch main --kustomization name=infra path=./infrastructure prune=true");
    assertThat(create.exitCode()).isEqualTo(1);
    assertThat(create.err())
        .contains(
            "(AuthorizationFailed) The client 'reader@example.com' with object id 'reader-oid' does"
                + " not have authorization to perform action"
                + " 'Microsoft.KubernetesConfiguration/fluxConfigurations/write' over scope '"
                + CLUSTER
                + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cluster-config'"
                + " or the scope is invalid. If access was recently granted, please refresh your"
                + " credentials.")
        .contains("Code: AuthorizationFailed");

    var grant =
        run(reader, "role assignment create --assignee reader-oid --role Owner --scope " + RG);
    assertThat(grant.exitCode()).isEqualTo(1);
    assertThat(grant.err()).contains("'Microsoft.Authorization/roleAssignments/write'");

    var deleted =
        run(admin, "role assignment delete --assignee reader-oid --role Reader --scope " + RG);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(JSON.readTree(run(admin, "role assignment list --all").out())).isEmpty();
    var gone = run(reader, "k8s-configuration flux list -g rg -c edge -t connectedClusters");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("(AuthorizationFailed)").contains("fluxConfigurations/read");
    assertThat(run(admin, "role assignment delete --assignee reader-oid --scope " + RG).err())
        .contains("No matched assignments were found to delete");
  }

  /** The cluster, and the flux extension confirmed by a (simulated) agent fetch. */
  void connectWithFluxExtension() throws Exception {
    Path tokenFile = home.resolve("agent-token");
    var r = run(admin, "connectedk8s connect -n edge -g rg --agent-token-file " + tokenFile);
    assertThat(r.exitCode()).as(r.err()).isZero();
    String id = r.err().replaceAll("(?s).*--cluster-id (\\S+).*", "$1");
    var ext =
        run(
            admin,
            "k8s-extension create -n flux --extension-type microsoft.flux -g rg -c edge"
                + " -t connectedClusters --no-wait");
    assertThat(ext.exitCode()).as(ext.err()).isZero();
    var fetch =
        HttpRequest.newBuilder(URI.create(server.url() + "/agent/v1/clusters/" + id + "/desired"))
            .header("Authorization", "Bearer " + Files.readString(tokenFile).strip())
            .build();
    assertThat(
            HttpClient.newHttpClient()
                .send(fetch, HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }
}
