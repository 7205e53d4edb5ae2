package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Secret;
import io.flotilla.testkit.TestKube;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release storage against Helm's own code (helm-java runs Helm 3.21's library in process): what the
 * engine stores, Helm lists, reads and upgrades; what Helm stores, the engine reads.
 */
class HelmStorageCompatibilityIT {
  @AutoClose static TestKube kube;
  @AutoClose static HelmClient helm;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws Exception {
    kube = TestKube.start();
    helm = new HelmClient(kube, work);
  }

  @Test
  void helmListsReadsAndUpgradesAReleaseTheEngineStored() throws Exception {
    kube.client().namespaces().resource(ns("stored")).create();
    LoadedChart chart =
        (LoadedChart) Charts.load(TestCharts.tgz(work, "demo", TestCharts.demo("1.2.3", "4.5")));
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("greeting", "yo");
    Instant now = Instant.parse("2026-01-02T03:04:05.678Z");
    String manifest =
        "---\n# Source: demo/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-cm\ndata:\n  greeting: \"yo\"\n";
    StoredRelease stored =
        new StoredRelease(
            ReleaseJson.of(
                "web",
                "stored",
                1,
                new ReleaseJson.Info(
                    now, now, ReleaseStatus.DEPLOYED, "Install complete", "Hello web\n"),
                chart.toJson(),
                config,
                manifest,
                null),
            java.util.Map.of(),
            "stored");
    new ReleaseStorage(kube.client(), Clock.systemUTC()).create(stored);

    Secret s =
        kube.client().secrets().inNamespace("stored").withName("sh.helm.release.v1.web.v1").get();
    assertThat(s.getType()).isEqualTo("helm.sh/release.v1");
    assertThat(s.getMetadata().getLabels())
        .containsEntry("name", "web")
        .containsEntry("owner", "helm")
        .containsEntry("status", "deployed")
        .containsEntry("version", "1")
        .containsKey("createdAt");
    // data.release is base64 on the wire of what Helm stores: base64(gzip(json))
    String helmString = new String(Base64.getDecoder().decode(s.getData().get("release")));
    assertThat(ReleaseCodec.decode(helmString).path("name").asText()).isEqualTo("web");

    assertThat(helm.list("stored")).containsExactly("web deployed 1 demo-1.2.3 4.5");
    assertThat(helm.history("stored", "web"))
        .singleElement()
        .satisfies(h -> assertThat(h.getDescription()).isEqualTo("Install complete"));
    assertThat(helm.status("stored", "web").getStatus()).isEqualTo("deployed");
    assertThat(helm.values("stored", "web")).contains("greeting: yo");

    Path dir = TestCharts.dir(work.resolve("v2"), "demo", TestCharts.demo("1.3.0", "4.6"));
    com.marcnuri.helm.Release upgraded =
        new Helm(dir)
            .upgrade()
            .withName("web")
            .withNamespace("stored")
            .set("greeting", "again")
            .withKubeConfigContents(helm.kubeconfig)
            .call();
    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(upgraded.getRevision()).isEqualTo("2");
    assertThat(helm.protobufSecretWrites.get())
        .as("Helm wrote its Secrets as protobuf")
        .isPositive();

    Releases engine = HelmEngine.create(kube.client(), EngineOptions.defaults());
    List<Release> history = engine.history("stored", "web");
    assertThat(history).extracting(Release::version).containsExactly(2, 1);
    assertThat(history)
        .extracting(Release::status)
        .containsExactly(ReleaseStatus.DEPLOYED, ReleaseStatus.SUPERSEDED);
    assertThat(history.get(0).chartVersion()).isEqualTo("1.3.0");
    assertThat(history.get(0).config().path("greeting").asText()).isEqualTo("again");
    assertThat(kube.client().configMaps().inNamespace("stored").withName("web-cm").get().getData())
        .containsEntry("greeting", "again");
  }

  @Test
  void theEngineReadsAReleaseHelmInstalled() throws Exception {
    kube.client().namespaces().resource(ns("helmside")).create();
    Path dir = TestCharts.dir(work.resolve("h1"), "demo", TestCharts.demo("1.2.3", "4.5"));
    new Helm(dir)
        .install()
        .withName("app")
        .withNamespace("helmside")
        .set("greeting", "from-helm")
        .withKubeConfigContents(helm.kubeconfig)
        .call();

    Releases engine = HelmEngine.create(kube.client(), EngineOptions.defaults());
    Release r = engine.latest("helmside", "app").orElseThrow();
    assertThat(r.version()).isEqualTo(1);
    assertThat(r.status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(r.description()).isEqualTo("Install complete");
    assertThat(r.chartName()).isEqualTo("demo");
    assertThat(r.appVersion()).isEqualTo("4.5");
    assertThat(r.config().path("greeting").asText()).isEqualTo("from-helm");
    assertThat(r.manifest()).contains("# Source: demo/templates/cm.yaml").contains("name: app-cm");
    assertThat(r.firstDeployed()).isNotNull();
    assertThat(engine.history("helmside", "app")).hasSize(1);
    assertThat(engine.latest("helmside", "absent")).isEmpty();
  }

  @Test
  void theEngineStoresWhatHelmStoresForTheSameChart() throws Exception {
    kube.client().namespaces().resource(ns("byhelm")).create();
    kube.client().namespaces().resource(ns("byengine")).create();
    java.util.Map<String, String> files =
        new java.util.LinkedHashMap<>(TestCharts.demo("1.2.3", "4.5"));
    files.put(
        "templates/hook.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-hook
          annotations:
            helm.sh/hook: pre-install
            helm.sh/hook-weight: "-1"
        data:
          at: install
        """);
    files.put("README.md", "# demo\n");
    Path tgz = TestCharts.tgz(work, "demo", files);
    new Helm(tgz)
        .install()
        .withName("same")
        .withNamespace("byhelm")
        .set("greeting", "yo")
        .withKubeConfigContents(helm.kubeconfig)
        .call();
    ObjectNode values = JsonNodeFactory.instance.objectNode().put("greeting", "yo");
    ActionOptions o = ActionOptions.defaults();
    HelmEngine.create(kube.client(), EngineOptions.defaults())
        .install(Charts.load(tgz), new ReleaseRequest("same", "byengine", "byengine", values, o));

    ObjectNode helmJson = stored("byhelm", "same.v1");
    ObjectNode ours = stored("byengine", "same.v1");
    assertThat(ours.get("chart")).isEqualTo(helmJson.get("chart"));
    assertThat(ours.get("manifest")).isEqualTo(helmJson.get("manifest"));
    assertThat(ours.get("config")).isEqualTo(helmJson.get("config"));
    assertThat(ours.path("info").path("notes")).isEqualTo(helmJson.path("info").path("notes"));
    for (ObjectNode r : List.of(helmJson, ours)) {
      ((ObjectNode) r.get("info")).remove(List.of("first_deployed", "last_deployed", "notes"));
      r.remove("namespace");
      r.withArray("hooks").forEach(h -> ((ObjectNode) h).remove("last_run"));
    }
    assertThat(ours.get("hooks")).isEqualTo(helmJson.get("hooks"));
    assertThat(ours.get("info")).isEqualTo(helmJson.get("info"));
    assertThat(ReleaseCodec.JSON.writeValueAsString(ours))
        .as("same fields in Go's order")
        .isEqualTo(ReleaseCodec.JSON.writeValueAsString(helmJson));
  }

  static ObjectNode stored(String namespace, String suffix) throws Exception {
    Secret s =
        kube.client()
            .secrets()
            .inNamespace(namespace)
            .withName("sh.helm.release.v1." + suffix)
            .get();
    return ReleaseCodec.decode(new String(Base64.getDecoder().decode(s.getData().get("release"))));
  }

  static io.fabric8.kubernetes.api.model.Namespace ns(String name) {
    return new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .build();
  }
}
