package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.arm.ClusterRef;
import java.nio.file.Path;

/** How the service ITs start a service and give it a cluster, in one place. */
final class TestServers {
  /** The audience the OIDC ITs' service accepts tokens for. */
  static final String AUDIENCE = "api://flotilla";

  /** Azure's built-in roles, by the ids role assignments name them with. */
  static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

  static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  private TestServers() {}

  /** A service on a free port with its data in {@code dir}; its database is H2 there. */
  static ServerOptions options(Path dir) {
    return ServerOptions.defaults().withPort(0).withDataDir(dir);
  }

  /** {@link #options} on {@code databaseUrl} (null: the H2 file). */
  static ServerOptions options(Path dir, String databaseUrl) {
    return options(dir).withDatabaseUrl(databaseUrl);
  }

  /** The ARM path of connected cluster {@code name} in resource group {@code rg} of {@code sub}. */
  static String clusterPath(Object sub, String name) {
    return "/subscriptions/"
        + sub
        + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/"
        + name;
  }

  /** The flux configurations collection under a cluster's path. */
  static String configurations(String clusterPath) {
    return clusterPath + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations";
  }

  /** The cluster whose ARM path is {@code clusterPath}. */
  static ClusterRef ref(String clusterPath) {
    String[] p = clusterPath.split("/");
    return new ClusterRef(p[2], p[4], p[6], p[7], p[8]);
  }

  /**
   * The agent of the registered cluster at {@code clusterPath}, with a token issued over ARM (which
   * replaces the one before it).
   */
  static SimulatedFleet.Agent agent(Api admin, String clusterPath) {
    var issued = admin.post(ConfigurationServerIT.v(clusterPath + "/issueAgentToken"), null);
    assertThat(issued.status()).isEqualTo(200);
    return new SimulatedFleet.Agent(
        issued.json().get("clusterId").asText(),
        admin.withToken(issued.json().get("token").asText()),
        ref(clusterPath));
  }

  /** Registers the cluster at {@code clusterPath} (a new one: 201) and returns the path. */
  static String register(Api admin, String clusterPath) {
    assertThat(
            admin
                .put(ConfigurationServerIT.v(clusterPath), "{\"location\":\"westeurope\"}")
                .status())
        .isEqualTo(201);
    return clusterPath;
  }
}
