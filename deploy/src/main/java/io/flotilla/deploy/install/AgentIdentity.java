package io.flotilla.deploy.install;

import java.util.Objects;

/**
 * Who the in-cluster agent is to the configuration service: stored in the Secret {@code
 * flotilla-agent} (keys {@code server}, {@code clusterId}, {@code token}, optionally {@code
 * ca.crt}), never in the Deployment.
 */
public record AgentIdentity(String server, String clusterId, String token, String caPem) {
  public AgentIdentity {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "AgentIdentity[server=" + server + ", clusterId=" + clusterId + ", token=***]";
  }
}
