package io.flotilla.api.flux.notification;

/** The kinds an Alert may watch and a Receiver may trigger (Flux's enum). */
public enum FluxKind {
  Bucket,
  GitRepository,
  Kustomization,
  HelmRelease,
  HelmChart,
  HelmRepository,
  ImageRepository,
  ImagePolicy,
  ImageUpdateAutomation,
  OCIRepository,
  ArtifactGenerator,
  ExternalArtifact
}
