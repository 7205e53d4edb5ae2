package io.flotilla.cli.flux;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.flotilla.api.flux.meta.FluxType;

/** The Flux kinds the commands work on, with the words flux uses for each. */
enum FluxKind {
  GIT_REPOSITORY(FluxType.GIT_REPOSITORY, "source git"),
  HELM_REPOSITORY(FluxType.HELM_REPOSITORY, "source helm"),
  OCI_REPOSITORY(FluxType.OCI_REPOSITORY, "source oci"),
  BUCKET(FluxType.BUCKET, "source bucket"),
  HELM_CHART(FluxType.HELM_CHART, "source chart"),
  KUSTOMIZATION(FluxType.KUSTOMIZATION, "kustomization"),
  HELM_RELEASE(FluxType.HELM_RELEASE, "helmrelease"),
  ALERT_PROVIDER(FluxType.PROVIDER, "alert-provider"),
  ALERT(FluxType.ALERT, "alert"),
  RECEIVER(FluxType.RECEIVER, "receiver"),
  IMAGE_REPOSITORY(FluxType.IMAGE_REPOSITORY, "image repository"),
  IMAGE_POLICY(FluxType.IMAGE_POLICY, "image policy"),
  IMAGE_UPDATE(FluxType.IMAGE_UPDATE_AUTOMATION, "image update automation");

  private final FluxType type;
  private final String humanKind;

  FluxKind(FluxType type, String humanKind) {
    this.type = type;
    this.humanKind = humanKind;
  }

  String kind() {
    return type.kind();
  }

  String apiVersion() {
    return type.apiVersion();
  }

  /** {@code gitrepositories.source.toolkit.fluxcd.io}, as the API server names it in errors. */
  String resource() {
    return type.resource();
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
    return type.group().equals(FluxType.Group.SOURCE);
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(type.group())
        .withVersion(type.version())
        .withKind(type.kind())
        .withPlural(type.plural())
        .withNamespaced(true)
        .build();
  }

  /** The kind a {@code sourceRef.kind} or {@code Kind/name} names, case-insensitively. */
  static FluxKind byKind(String kind) {
    for (FluxKind k : values()) {
      if (k.kind().equalsIgnoreCase(kind)) {
        return k;
      }
    }
    return null;
  }
}
