package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, item 3: a configuration may depend on others of its cluster (Flotilla's {@code
 * dependsOn}); the service keeps it, hands it to the agent, and refuses a cycle.
 */
class ConfigurationDependenciesIT {
  @RegisterExtension final ServiceHarness service = ServiceHarness.h2();
  final Api admin = service.admin();
  SimulatedFleet.Agent agent;

  @BeforeEach
  void start() {
    agent =
        SimulatedFleet.connect(
            service.server(),
            new ClusterRef(
                UUID.randomUUID().toString(),
                "rg",
                "Microsoft.Kubernetes",
                "connectedClusters",
                "edge"));
  }

  String config(String name, String dependsOn) {
    return """
        {"properties":{"gitRepository":{"url":"https://github.com/Azure/arc-k8s-demo",
          "repositoryRef":{"branch":"main"}},
          "kustomizations":{"k":{"path":"./%s"}}%s}}
        """
        .formatted(name, dependsOn == null ? "" : ",\"dependsOn\":" + dependsOn);
  }

  @Test
  void aDependencyIsKeptAndDeliveredAndACycleIsRefused() {
    String platform = agent.ref().fluxConfigurationId("platform");
    String apps = agent.ref().fluxConfigurationId("apps");
    assertThat(admin.put(v(platform), config("platform", null)).status()).isEqualTo(201);
    // the other configuration need not exist yet: it may be created later
    var created = admin.put(v(apps), config("apps", "[\"platform\",\"later\"]"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/properties/dependsOn").toString())
        .isEqualTo("[\"platform\",\"later\"]");
    JsonNode delivered =
        SimulatedFleet.configuration(agent.api().get(agent.desiredPath()).json(), "apps");
    assertThat(delivered.at("/properties/dependsOn/0").asText()).isEqualTo("platform");

    var cycle = admin.put(v(platform), config("platform", "[\"apps\"]"));
    assertThat(cycle.status()).isEqualTo(400);
    assertThat(cycle.errorMessage())
        .isEqualTo(
            "The flux configurations depend on each other in a cycle: platform -> apps ->"
                + " platform. Remove one of these dependencies.");
    assertThat(cycle.errorTarget()).isEqualTo("properties.dependsOn");
    // nothing of it was applied
    assertThat(admin.get(v(platform)).json().at("/properties/dependsOn").isMissingNode()).isTrue();

    var self = admin.put(v(apps), config("apps", "[\"apps\"]"));
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.errorMessage())
        .isEqualTo("The flux configuration 'apps' cannot depend on itself.");
    var patchCycle = admin.patch(v(platform), "{\"properties\":{\"dependsOn\":[\"apps\"]}}");
    assertThat(patchCycle.status()).isEqualTo(400);
    var bad = admin.put(v(apps), config("apps", "[\"Not_A_Name\"]"));
    bad.assertBadRequestAt("properties.dependsOn");
  }
}
