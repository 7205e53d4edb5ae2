package io.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.deploy.install.AgentIdentity;
import io.flotilla.deploy.install.InstallManifests;
import io.flotilla.deploy.install.InstallOptions;
import io.flotilla.deploy.install.Installer;
import io.flotilla.deploy.install.Manifests;
import io.flotilla.testkit.TestKube;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/chart}, rendered by Helm's own template engine (helm-java), produces exactly the
 * objects of {@code flotilla install --export}, with and without an agent identity; the rendered
 * chart is accepted by an embedded API with RBAC on.
 */
class ChartIT {
  static final Path CHART = Path.of("chart").toAbsolutePath();

  @Test
  void chartRendersTheInstallManifests() throws Exception {
    InstallOptions options = InstallOptions.defaults();
    String rendered = template(Map.of("createNamespace", true));
    assertSameObjects(Manifests.parse(rendered), InstallManifests.render(options));
  }

  @Test
  void chartWithAnAgentIdentityRendersConnectsManifests() throws Exception {
    InstallOptions options =
        InstallOptions.defaults()
            .withNamespace("flotilla")
            .withImage("registry.local:5000/flotilla:1.2.3")
            .withImagePullSecret("regcred")
            .withAgent(
                new AgentIdentity(
                    "https://flotilla.example:8443",
                    "/subscriptions/s/resourceGroups/g/providers/Microsoft.Kubernetes/connectedClusters/c",
                    "t0ken",
                    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
    Map<String, Object> values = new TreeMap<>();
    values.put("createNamespace", true);
    values.put("image.repository", "registry.local:5000/flotilla");
    values.put("image.tag", "1.2.3");
    values.put("imagePullSecret", "regcred");
    values.put("agent.server", options.agent().server());
    values.put("agent.clusterId", options.agent().clusterId());
    values.put("agent.token", "t0ken");
    String rendered = template("flotilla", values, options.agent().caPem());
    assertSameObjects(Manifests.parse(rendered), InstallManifests.render(options));

    try (TestKube kube = TestKube.startWithRbac()) {
      List<GenericKubernetesResource> objects = Manifests.parse(rendered);
      new Installer(kube.client(), line -> {}).apply(objects, Duration.ofSeconds(60));
      for (GenericKubernetesResource o : objects) {
        assertThat(kube.client().resource(o).get()).as(key(o)).isNotNull();
      }
    }
  }

  private static String template(Map<String, Object> values) throws Exception {
    return template("flux-system", values, null);
  }

  private static String template(String namespace, Map<String, Object> values, String caPem)
      throws Exception {
    TemplateCommand t =
        new Helm(CHART)
            .template()
            .withName("flotilla")
            .withNamespace(namespace)
            .withKubeVersion("1.32.0");
    for (var e : values.entrySet()) {
      t = t.set(e.getKey(), e.getValue());
    }
    if (caPem != null) {
      Path ca = java.nio.file.Files.createTempFile("ca", ".pem");
      java.nio.file.Files.writeString(ca, caPem);
      t = t.setFile("agent.caPem", ca);
    }
    return t.call();
  }

  private static void assertSameObjects(
      List<GenericKubernetesResource> chart, List<HasMetadata> expected) {
    Map<String, JsonNode> fromChart = new TreeMap<>();
    chart.forEach(o -> fromChart.put(key(o), Manifests.tree(o)));
    Map<String, JsonNode> fromInstall = new TreeMap<>();
    expected.forEach(o -> fromInstall.put(key(o), Manifests.tree(o)));
    String fix = "the chart differs from install --export; for CRDs run deploy/chart/update-crds";
    assertThat(fromChart.keySet()).as(fix).isEqualTo(fromInstall.keySet());
    for (String k : fromInstall.keySet()) {
      assertThat(fromChart.get(k)).as(k + ": " + fix).isEqualTo(fromInstall.get(k));
    }
  }

  private static String key(HasMetadata o) {
    return o.getKind()
        + "/"
        + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
        + o.getMetadata().getName();
  }
}
