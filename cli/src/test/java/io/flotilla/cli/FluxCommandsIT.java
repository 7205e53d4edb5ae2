package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.configuration.ProtectedSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tutorial's commands against a fake ARM service on 127.0.0.1. */
class FluxCommandsIT extends DemoClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "sub-1";
  private static final String CLUSTER = demoCluster("sub-1");
  private static final String CONFIG =
      CLUSTER + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cluster-config";

  FluxCommandsIT() {
    super(SUB);
  }

  /**
   * {@code k8s-configuration flux <verb> -g flux-demo-rg -c flux-demo-arc <rest>}: the tutorial's
   * cluster, as most of these commands name it; {@code rest} is split as a shell would.
   */
  private CliRunner.Result onDemoCluster(String verb, String rest) {
    return onCluster("flux-demo-arc", verb, rest);
  }

  private CliRunner.Result onCluster(String cluster, String verb, String rest) {
    return cli.run(
        CliRunner.shell(
            "k8s-configuration flux " + verb + " -g flux-demo-rg -c " + cluster + " " + rest));
  }

  @Test
  void createWithTheTutorialFlagsInstallsFluxThenPutsTheConfigurationAndPrintsIt()
      throws Exception {
    var result = cli.run(CliRunner.shell(TUTORIAL_CREATE));

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<FakeArmServer.Request> puts = arm.requests("PUT");
    assertThat(puts).hasSize(2);
    var extensionPut = puts.get(0);
    assertThat(extensionPut.path())
        .isEqualTo(CLUSTER + "/providers/Microsoft.KubernetesConfiguration/extensions/flux");
    assertThat(extensionPut.body())
        .isEqualTo(
            JSON.readTree(
                """
                {"identity":{"type":"SystemAssigned"},"location":"westeurope",
                 "properties":{"extensionType":"microsoft.flux","autoUpgradeMinorVersion":true}}
                """));
    var configPut = puts.get(1);
    assertThat(configPut.path()).isEqualTo(CONFIG);
    assertThat(configPut.query()).isEqualTo("api-version=2025-04-01");
    assertThat(configPut.authorization()).isEqualTo("Bearer " + FakeArmServer.TOKEN);
    assertThat(configPut.body())
        .isEqualTo(
            JSON.readTree(
                """
                {"properties":{
                  "scope":"cluster","namespace":"cluster-config","sourceKind":"GitRepository",
                  "suspend":false,
                  "gitRepository":{"url":"https://github.com/Azure/gitops-flux2-kustomize-helm-mt",
                                   "repositoryRef":{"branch":"main"}},
                  "kustomizations":{
                    "infra":{"path":"./infrastructure","prune":true},
                    "apps":{"path":"./apps/staging","prune":true,"dependsOn":["infra"]}}}}
                """));
    // The extension is created (and waited for) before the configuration.
    assertThat(arm.requests.indexOf(extensionPut)).isLessThan(arm.requests.indexOf(configPut));

    JsonNode printed = JSON.readTree(result.out());
    assertThat(printed.path("name").asText()).isEqualTo("cluster-config");
    assertThat(printed.path("namespace").asText()).isEqualTo("cluster-config");
    assertThat(printed.path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(printed.path("resourceGroup").asText()).isEqualTo("flux-demo-rg");
    assertThat(printed.has("properties")).isFalse();
    assertThat(result.err())
        .contains(
            "WARNING: 'Microsoft.Flux' extension not found on the cluster, installing it now.")
        .contains("WARNING: 'Microsoft.Flux' extension was successfully installed on the cluster")
        .contains(
            "WARNING: Creating the flux configuration 'cluster-config' in the cluster. This may"
                + " take a few minutes...")
        .doesNotContain("Running"); // no progress spinner when stderr is not a terminal
  }

  @Test
  void createWithAnExistingFluxExtensionDoesNotInstallItAgain() {
    createTutorialConfiguration();
    arm.requests.clear();

    var result =
        onDemoCluster(
            "create",
            "-t connectedClusters -n second -u https://example.com/repo.git --branch main"
                + " -o none");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(arm.requests("PUT"))
        .extracting(FakeArmServer.Request::path)
        .containsExactly(
            CLUSTER
                + "/providers/Microsoft.KubernetesConfiguration/"
                + "fluxConfigurations/second");
    assertThat(result.err()).contains("WARNING: Warning! No kustomizations were specified");
    assertThat(arm.requests("PUT").get(0).body().at("/properties/kustomizations").toString())
        .isEqualTo("{\"kustomization-1\":{}}");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void showAsTablePrintsAzColumns() {
    createTutorialConfiguration();

    var result = onDemoCluster("show", "-n cluster-config -t connectedClusters -o table");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            Namespace       Name            Scope    ProvisioningState    ComplianceState    StatusUpdatedAt
            --------------  --------------  -------  -------------------  -----------------  -------------------------
            cluster-config  cluster-config  cluster  Succeeded            Pending            2025-05-01T10:00:00+00:00
            """);
  }

  @Test
  void listPrintsEveryConfigurationFlattened() throws Exception {
    createTutorialConfiguration();

    var result = onDemoCluster("list", "-t connectedClusters --query '[].{n:name, k:sourceKind}'");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(JSON.readTree(result.out()))
        .isEqualTo(JSON.readTree("[{\"n\":\"cluster-config\",\"k\":\"GitRepository\"}]"));
  }

  @Test
  void deleteWithYesDeletesAndWarnsAboutPrune() {
    createTutorialConfiguration();

    var result = onDemoCluster("delete", "-n cluster-config -t connectedClusters --yes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    var delete = arm.requests("DELETE");
    assertThat(delete)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path()).isEqualTo(CONFIG);
              assertThat(r.query()).isEqualTo("api-version=2025-04-01&forceDelete=false");
            });
    assertThat(arm.resources).doesNotContainKey(CONFIG);
    assertThat(result.err())
        .contains("WARNING: Prune is enabled on one or more of your kustomizations.")
        .doesNotContain("(y/n)");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void deleteWithoutYesAsksAndStopsOnNo() {
    createTutorialConfiguration();

    cli.stdin("n\n");
    var result = onDemoCluster("delete", "-n cluster-config -t connectedClusters");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("Are you sure you want to perform this operation? (y/n): ")
        .contains("ERROR: Operation cancelled.");
    assertThat(arm.requests("DELETE")).isEmpty();
  }

  @Test
  void deleteOfAMissingConfigurationWarnsAndSucceeds() {
    var result = onDemoCluster("delete", "-n nope -t connectedClusters -y");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err())
        .isEqualTo(
            "WARNING: No flux configuration with name 'nope' found on cluster 'flux-demo-arc', so"
                + " nothing to delete\n");
    assertThat(arm.requests("DELETE")).isEmpty();
  }

  @Test
  void deployedObjectListShowsTheConfigurationStatuses() throws Exception {
    createTutorialConfiguration();
    ObjectNode props = (ObjectNode) arm.resources.get(CONFIG).get("properties");
    props.set(
        "statuses",
        JSON.readTree(
            """
            [{"name":"cluster-config","namespace":"cluster-config","kind":"GitRepository",
              "complianceState":"Compliant",
              "statusConditions":[{"type":"Ready","status":"True","reason":"Succeeded",
                "message":"stored artifact for revision 'main@sha1:4f1bdad4d0a54b939a5e3d52c51464f67e474fcf'"}]},
             {"name":"cluster-config-infra","namespace":"cluster-config","kind":"Kustomization",
              "complianceState":"Pending"}]
            """));

    String target = "-n cluster-config -t connectedClusters";
    var json = onDemoCluster("deployed-object list", target);
    var table = onDemoCluster("deployed-object list", target + " -o table");

    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode list = JSON.readTree(json.out());
    assertThat(list).hasSize(2);
    assertThat(list.get(1).get("appliedBy").isNull()).isTrue();
    assertThat(table.out())
        .isEqualTo(
            """
            Kind           Namespace       Name                  ComplianceState    Message
            -------------  --------------  --------------------  -----------------  ---------------------------------------------------------------
            GitRepository  cluster-config  cluster-config        Compliant          stored artifact for revision 'main@sha1:4f1bdad4d0a54b939a5e...
            Kustomization  cluster-config  cluster-config-infra  Pending            None
            """);
  }

  @Test
  void deployedObjectShowOfAnUnknownObjectExplainsWhatIsMissing() {
    createTutorialConfiguration();

    var result =
        onDemoCluster(
            "deployed-object show",
            "-n cluster-config -t connectedClusters"
                + " --object-name x --object-namespace y --object-kind helmrelease");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "ERROR: Error! Deployed object with name 'x', namespace 'y', and kind 'HelmRelease'"
                + " does not exist on configuration 'cluster-config'.\n");
  }

  @Test
  void showOnAnUnknownClusterNamesTheClusterAndExitsWith3() {
    var result = onCluster("foo", "show", "-n cluster-config -t connectedClusters");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            """
            ERROR: (ResourceNotFound) The Resource 'Microsoft.Kubernetes/connectedClusters/foo' under resource group 'flux-demo-rg' was not found.
            Code: ResourceNotFound
            Message: The Resource 'Microsoft.Kubernetes/connectedClusters/foo' under resource group 'flux-demo-rg' was not found.
            Verify that the --cluster-type is correct and the Resource Microsoft.Kubernetes/connectedClusters/foo exists
            """);
  }

  @Test
  void createOnAnUnknownClusterFailsBeforeWritingAnything() {
    var result =
        onCluster(
            "foo", "create", "-n cfg -t connectedClusters -u https://example.com/r.git --branch m");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .contains("connectedClusters/foo' under resource group 'flux-demo-rg' was not found.")
        .contains(
            "Verify that the --cluster-type is correct and the Resource "
                + "Microsoft.Kubernetes/connectedClusters/foo exists");
    assertThat(arm.requests("PUT")).isEmpty();
  }

  @Test
  void showOfAnUnknownConfigurationGivesAzMessageAndExitsWith3() {
    var result = onDemoCluster("show", "-n nope -t connectedClusters");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo(
            """
            ERROR: (FluxConfigurationNotFound) The Resource Microsoft.Kubernetes/connectedClusters/flux-demo-arc/Microsoft.KubernetesConfiguration/fluxConfigurations/nope could not be found!
            Verify that the Resource Microsoft.Kubernetes/connectedClusters/flux-demo-arc/Microsoft.KubernetesConfiguration/fluxConfigurations/nope exists
            """);
  }

  @Test
  void updateFallsBackToPutOfTheMergedConfigurationWhenPatchIsUnsupported() throws Exception {
    createTutorialConfiguration();
    arm.patchSupported = false;
    arm.requests.clear();

    var result =
        onDemoCluster(
            "update",
            "-n cluster-config -t connectedClusters --tag v1.0.0 --suspend"
                + " -k name=apps path=./apps/production -o none");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertOnePatch(
        """
        {"properties":{"gitRepository":{"repositoryRef":{"tag":"v1.0.0"}},"suspend":true,
          "kustomizations":{"apps":{"path":"./apps/production"}}}}
        """);
    JsonNode put = arm.requests("PUT").get(0).body().get("properties");
    assertThat(put.at("/gitRepository/repositoryRef").toString()).isEqualTo("{\"tag\":\"v1.0.0\"}");
    assertThat(put.at("/gitRepository/url").asText())
        .isEqualTo("https://github.com/Azure/gitops-flux2-kustomize-helm-mt");
    assertThat(put.get("suspend").asBoolean()).isTrue();
    assertThat(put.at("/kustomizations/apps").toString())
        .isEqualTo("{\"path\":\"./apps/production\",\"prune\":true,\"dependsOn\":[\"infra\"]}");
    assertThat(put.has("provisioningState")).isFalse();
    assertThat(put.has("statusUpdatedAt")).isFalse();
  }

  @Test
  void aWrongTokenIsAnErrorThatPointsAtTheConfig() {
    cli.env("FLOTILLA_TOKEN", "wrong");
    var result = onDemoCluster("list", "-t connectedClusters");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("ERROR: (AuthenticationFailed) Authentication failed.\n")
        .contains("FLOTILLA_TOKEN")
        .doesNotContain("wrong");
  }

  @Test
  void noServerListeningNamesTheUrlAndHowToStartOne() {
    String url = arm.url();
    arm.close();

    var result = onDemoCluster("list", "-t connectedClusters");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("ERROR: Could not connect to the Flotilla server at " + url)
        .contains("flotilla up");
  }

  @Test
  void secretsNeverReachOutputOrDebugLogs() {
    var result =
        onDemoCluster(
            "create",
            "-t connectedClusters -n private -u https://example.com/r.git --branch main"
                + " --https-user git --https-key s3cr3t-pass --debug");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String secretBase64 = ProtectedSettings.base64("s3cr3t-pass");
    assertThat(arm.requests("PUT").get(1).body().at("/properties/configurationProtectedSettings"))
        .isEqualTo(JSON.createObjectNode().put("httpsKey", secretBase64));
    assertThat(result.err())
        .contains("DEBUG: Request URL: 'PUT ")
        .doesNotContain("s3cr3t-pass")
        .doesNotContain(secretBase64)
        .doesNotContain(FakeArmServer.TOKEN);
    assertThat(result.out()).doesNotContain("s3cr3t-pass").doesNotContain(secretBase64);
  }

  @Test
  void kustomizationSubcommandsAddListAndRemoveOneKustomization() throws Exception {
    createTutorialConfiguration();
    String target = "-t connectedClusters -n cluster-config ";

    var create =
        onDemoCluster(
            "kustomization create",
            target + "-k redis --path ./redis --depends infra,apps --interval 5m --prune -o none");
    var duplicate = onDemoCluster("kustomization create", target + "-k redis --path ./redis");
    var table = onDemoCluster("kustomization list", target + "-o table");
    var delete = onDemoCluster("kustomization delete", target + "-k redis --yes -o none");

    assertThat(create.exitCode()).as(create.err()).isZero();
    assertThat(arm.requests("PATCH").get(0).body().at("/properties/kustomizations/redis"))
        .isEqualTo(
            JSON.readTree(
                """
            {"path":"./redis","dependsOn":["infra","apps"],"syncIntervalInSeconds":300,
             "prune":true,"wait":true}
            """));
    assertThat(duplicate.exitCode()).isEqualTo(1);
    assertThat(duplicate.err())
        .startsWith(
            "ERROR: Error! Cannot create a kustomization that already exists."
                + " Kustomization name 'redis' already exists on configuration 'cluster-config'\n");
    // knack drops unset cells per row, so columns follow first appearance (the fake sets no
    // 600 s defaults, unlike the real service)
    assertThat(table.out())
        .isEqualTo(
            """
            Name    Path              DependsOn    Prune    SyncInterval
            ------  ----------------  -----------  -------  --------------
            infra   ./infrastructure               True
            apps    ./apps/staging    infra        True
            redis   ./redis           infra,apps   True     5m
            """);
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.err()).contains("WARNING: Prune is enabled on this kustomization.");
    assertThat(arm.resources.get(CONFIG).at("/properties/kustomizations").has("redis")).isFalse();
    assertThat(arm.resources.get(CONFIG).at("/properties/kustomizations").has("apps")).isTrue();
  }

  private void createTutorialConfiguration() {
    var result = cli.run(CliRunner.shell(TUTORIAL_CREATE + " -o none --only-show-errors"));
    assertThat(result.exitCode()).as(result.err()).isZero();
  }
}
