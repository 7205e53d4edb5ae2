package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code --kind oci}: the bodies az would send for an OCIRepository source, and show. */
class FluxOciCommandsIT extends DemoClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTER = demoCluster("sub-1");
  private static final String T = " -g flux-demo-rg -c flux-demo-arc -t connectedClusters";
  private static final String URL = "oci://ghcr.io/stefanprodan/manifests/podinfo";
  private static final String CREATE =
      "k8s-configuration flux create" + T + " -n podinfo --namespace apps --kind oci -u " + URL;
  private static final String UPDATE = "k8s-configuration flux update" + T;

  FluxOciCommandsIT() {
    super("sub-1");
  }

  @Test
  void createWithEveryOciFlagPutsTheOciRepositoryAzSends() throws Exception {
    var result =
        run(
            CREATE
                + " --tag 6.5.0 --semver '>=6.0.0' --digest sha256:0123abcd --interval 5m"
                + " --timeout 2m --local-auth-ref ghcr-auth"
                + " --oci-layer-selector-media-type application/vnd.cncf.flux.content.v1.tar+gzip"
                + " --oci-operation copy"
                + " --tls-ca-certificate Q0E= --tls-client-certificate Q0VSVA=="
                + " --tls-private-key S0VZ"
                + " --service-account-name puller --use-workload-identity --oci-insecure false"
                + " --verification-provider cosign"
                + " --verification-config cosign.pub=UFVC other.pub=a=b"
                + " --match-oidc-identity"
                + " '{\"issuer\":\"^https://token.actions.githubusercontent.com$\","
                + "\"subject\":\"^https://github.com/stefanprodan/podinfo.*$\"}'"
                + " '{\"issuer\":\"i2\",\"subject\":\"s2\",\"extra\":1}'"
                + " -k name=app path=./kustomize prune=true -o none");

    assertThat(result.exitCode()).as(result.err()).isZero();
    var put = lastPut();
    assertThat(put.path()).endsWith("/fluxConfigurations/podinfo");
    assertThat(put.body())
        .isEqualTo(
            JSON.readTree(
                """
                {"properties":{
                  "scope":"cluster","namespace":"apps","sourceKind":"OCIRepository",
                  "suspend":false,
                  "ociRepository":{
                    "url":"oci://ghcr.io/stefanprodan/manifests/podinfo",
                    "timeoutInSeconds":120,"syncIntervalInSeconds":300,
                    "repositoryRef":{"tag":"6.5.0","semver":">=6.0.0","digest":"sha256:0123abcd"},
                    "layerSelector":{"mediaType":"application/vnd.cncf.flux.content.v1.tar+gzip",
                                     "operation":"copy"},
                    "verify":{"provider":"cosign",
                              "verificationConfig":{"cosign.pub":"UFVC","other.pub":"a=b"},
                              "matchOidcIdentity":[
                                {"issuer":"^https://token.actions.githubusercontent.com$",
                                 "subject":"^https://github.com/stefanprodan/podinfo.*$"},
                                {"issuer":"i2","subject":"s2"}]},
                    "insecure":false,"useWorkloadIdentity":true,
                    "serviceAccountName":"puller",
                    "tlsConfig":{"clientCertificate":"Q0VSVA==","privateKey":"S0VZ",
                                 "caCertificate":"Q0E="},
                    "localAuthRef":"ghcr-auth"},
                  "kustomizations":{"app":{"path":"./kustomize","prune":true}}}}
                """));
  }

  @Test
  void createWithOnlyAUrlSendsOnlyTheUrlAndNoProtectedSettings() throws Exception {
    var result = run(CREATE + " -o none");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode properties = lastPut().body().get("properties");
    assertThat(properties.get("sourceKind").asText()).isEqualTo("OCIRepository");
    assertThat(properties.get("ociRepository"))
        .isEqualTo(JSON.readTree("{\"url\":\"" + URL + "\"}"));
    assertThat(properties.has("gitRepository")).isFalse();
    assertThat(properties.has("configurationProtectedSettings")).isFalse();
  }

  @Test
  void theLastMatchOidcIdentityFlagWinsAsInAz() {
    var result =
        run(
            CREATE
                + " --match-oidc-identity '{\"issuer\":\"a\",\"subject\":\"b\"}'"
                + " --match-oidc-identity '{\"issuer\":\"c\",\"subject\":\"d\"}' -o none");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(lastPut().body().at("/properties/ociRepository/verify").toString())
        .isEqualTo("{\"matchOidcIdentity\":[{\"issuer\":\"c\",\"subject\":\"d\"}]}");
  }

  @Test
  void showPrintsTheOciSource() throws Exception {
    assertThat(run(CREATE + " --tag 6.5.0 -o none").exitCode()).isZero();

    var result = run("k8s-configuration flux show" + T + " -n podinfo");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode shown = JSON.readTree(result.out());
    assertThat(shown.path("sourceKind").asText()).isEqualTo("OCIRepository");
    assertThat(shown.at("/ociRepository/url").asText()).isEqualTo(URL);
    assertThat(shown.at("/ociRepository/repositoryRef/tag").asText()).isEqualTo("6.5.0");
  }

  @Test
  void updateOfAnOciConfigurationPatchesOnlyTheGivenOciFields() throws Exception {
    assertThat(run(CREATE + " --tag 6.5.0 -o none").exitCode()).isZero();
    arm.requests.clear();

    var result =
        run(
            UPDATE
                + " -n podinfo --digest sha256:feed --oci-insecure false --oci-media-type m"
                + " -o none");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertOnePatch(
        """
        {"properties":{"ociRepository":{
          "repositoryRef":{"digest":"sha256:feed"},
          "layerSelector":{"mediaType":"m"},"insecure":false}}}
        """);
  }

  @Test
  void updateFromGitToOciSendsTheNewKindAndEmptiesTheOthers() throws Exception {
    var created =
        run(
            "k8s-configuration flux create"
                + T
                + " -n podinfo -u https://github.com/stefanprodan/podinfo --branch master"
                + " -o none");
    assertThat(created.exitCode()).as(created.err()).isZero();
    arm.requests.clear();

    var result = run(UPDATE + " -n podinfo --kind oci -u " + URL + " --tag latest --yes -o none");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertOnePatch(
        """
        {"properties":{"sourceKind":"OCIRepository",
          "ociRepository":{"url":"%s","repositoryRef":{"tag":"latest"}},
          "gitRepository":{},"bucket":{},"azureBlob":{}}}
        """
            .formatted(URL));
  }

  /** The last PUT the service got (create PUTs the extension first when it is missing). */
  private FakeArmServer.Request lastPut() {
    var puts = arm.requests("PUT");
    return puts.get(puts.size() - 1);
  }

  private CliRunner.Result run(String line) {
    return cli.run(CliRunner.shell(line + " --only-show-errors"));
  }
}
