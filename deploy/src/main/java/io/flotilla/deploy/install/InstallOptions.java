package io.flotilla.deploy.install;

import java.util.Objects;

/**
 * What {@code flotilla install} puts into a cluster.
 *
 * @param namespace where the controller and agent run ({@code flux-system}, as Flux installs)
 * @param image the Flotilla image both Deployments run
 * @param imagePullSecret a Secret in the namespace to pull the image with, or null
 * @param version written to {@code app.kubernetes.io/version}
 * @param agent the agent's identity in the service; null leaves the agent scaled to zero until
 *     {@code connectedk8s connect} gives it one
 */
public record InstallOptions(
    String namespace, String image, String imagePullSecret, String version, AgentIdentity agent) {

  /** The default image repository: {@code <registry>/flotilla:<version>}. */
  public static final String DEFAULT_REGISTRY = "ghcr.io/flotilla";

  public InstallOptions {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(version, "version");
  }

  /** flux-system, this build's version and image, no pull secret, no agent identity. */
  public static InstallOptions defaults() {
    String version = buildVersion();
    return new InstallOptions(
        "flux-system", DEFAULT_REGISTRY + "/flotilla:" + version, null, version, null);
  }

  /** The version of this build (the jar's Implementation-Version), or the snapshot in a build. */
  public static String buildVersion() {
    String v = InstallOptions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  public InstallOptions withNamespace(String value) {
    return new InstallOptions(value, image, imagePullSecret, version, agent);
  }

  public InstallOptions withImage(String value) {
    return new InstallOptions(namespace, value, imagePullSecret, version, agent);
  }

  public InstallOptions withImagePullSecret(String value) {
    return new InstallOptions(namespace, image, value, version, agent);
  }

  public InstallOptions withVersion(String value) {
    return new InstallOptions(namespace, image, imagePullSecret, value, agent);
  }

  public InstallOptions withAgent(AgentIdentity value) {
    return new InstallOptions(namespace, image, imagePullSecret, version, value);
  }
}
