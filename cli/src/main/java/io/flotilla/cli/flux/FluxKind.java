package io.flotilla.cli.flux;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Flux kinds the commands work on, with the words flux uses for each. */
enum FluxKind {
  GIT_REPOSITORY("GitRepository", Groups.SOURCE, "v1", "gitrepositories", "source git"),
  HELM_REPOSITORY("HelmRepository", Groups.SOURCE, "v1", "helmrepositories", "source helm"),
  OCI_REPOSITORY("OCIRepository", Groups.SOURCE, "v1", "ocirepositories", "source oci"),
  BUCKET("Bucket", Groups.SOURCE, "v1", "buckets", "source bucket"),
  HELM_CHART("HelmChart", Groups.SOURCE, "v1", "helmcharts", "source chart"),
  KUSTOMIZATION("Kustomization", Groups.KUSTOMIZE, "v1", "kustomizations", "kustomization"),
  HELM_RELEASE("HelmRelease", Groups.HELM, "v2", "helmreleases", "helmrelease"),
  ALERT_PROVIDER("Provider", Groups.NOTIFICATION, "v1beta3", "providers", "alert-provider"),
  ALERT("Alert", Groups.NOTIFICATION, "v1beta3", "alerts", "alert"),
  RECEIVER("Receiver", Groups.NOTIFICATION, "v1", "receivers", "receiver"),
  IMAGE_REPOSITORY("ImageRepository", Groups.IMAGE, "v1", "imagerepositories", "image repository"),
  IMAGE_POLICY("ImagePolicy", Groups.IMAGE, "v1", "imagepolicies", "image policy"),
  IMAGE_UPDATE(
      "ImageUpdateAutomation",
      Groups.IMAGE,
      "v1",
      "imageupdateautomations",
      "image update automation");

  private final String kind;
  private final String group;
  private final String version;
  private final String plural;
  private final String humanKind;

  FluxKind(String kind, String group, String version, String plural, String humanKind) {
    this.kind = kind;
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.humanKind = humanKind;
  }

  String kind() {
    return kind;
  }

  String apiVersion() {
    return group + "/" + version;
  }

  /** {@code gitrepositories.source.toolkit.fluxcd.io}, as the API server names it in errors. */
  String resource() {
    return plural + "." + group;
  }

  /** {@code source git}, {@code kustomization}: flux's word for it in progress messages. */
  String humanKind() {
    return humanKind;
  }

  /** Provider and Alert v1beta3 have no status: there is no reconcile to wait for. */
  boolean hasStatus() {
    return this != ALERT_PROVIDER && this != ALERT;
  }

  boolean isSource() {
    return group.equals(Groups.SOURCE);
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /** The kind a {@code sourceRef.kind} or {@code Kind/name} names, case-insensitively. */
  static FluxKind byKind(String kind) {
    for (FluxKind k : values()) {
      if (k.kind.equalsIgnoreCase(kind)) {
        return k;
      }
    }
    return null;
  }

  private static final class Groups {
    static final String SOURCE = "source.toolkit.fluxcd.io";
    static final String KUSTOMIZE = "kustomize.toolkit.fluxcd.io";
    static final String HELM = "helm.toolkit.fluxcd.io";
    static final String NOTIFICATION = "notification.toolkit.fluxcd.io";
    static final String IMAGE = "image.toolkit.fluxcd.io";
  }
}
