package io.flotilla.server.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.server.http.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTemplateTest {
  static final ClusterRef CLUSTER =
      new ClusterRef("sub", "rg", "Microsoft.Kubernetes", "connectedClusters", "edge-1");

  @Test
  void aClusterGetsEveryKustomizationFieldOfTheTemplateWithItsOwnPath() {
    var template =
        Json.read(
            """
            {"gitRepository":{"url":"https://github.com/org/fleet","repositoryRef":{"branch":"main"}},
             "kustomizations":{"apps":{"path":"./clusters/${cluster.name}","prune":true,
               "decryption":{"provider":"sops","secretRef":{"name":"sops-age"}}}}}""",
            FluxConfigurationProperties.class);
    var spec =
        new AssignmentSpec(
            "fleet",
            List.of(),
            Map.of(),
            AssignmentSpec.DriftPolicy.Revert,
            false,
            AssignmentSpec.RolloutMode.Immediate,
            template);

    var apps = ClusterTemplate.render(spec, CLUSTER, Map.of()).kustomizations().get("apps");

    assertThat(apps.path()).isEqualTo("./clusters/edge-1");
    assertThat(apps.prune()).isTrue();
    assertThat(apps.decryption()).isNotNull();
    assertThat(apps.decryption().provider()).isEqualTo("sops");
    assertThat(apps.decryption().secretRef().name()).isEqualTo("sops-age");
  }
}
