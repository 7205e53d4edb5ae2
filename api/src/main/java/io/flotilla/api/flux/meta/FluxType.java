package io.flotilla.api.flux.meta;

/**
 * The Flux kinds Flotilla serves, with the API group, version and plural the Flux 2.x CRDs give
 * them: the one table for clients that address Flux objects without their typed classes (the flux
 * CLI, the GitOps cluster view).
 */
public enum FluxType {
  GIT_REPOSITORY("GitRepository", Group.SOURCE, "v1", "gitrepositories"),
  HELM_REPOSITORY("HelmRepository", Group.SOURCE, "v1", "helmrepositories"),
  OCI_REPOSITORY("OCIRepository", Group.SOURCE, "v1", "ocirepositories"),
  BUCKET("Bucket", Group.SOURCE, "v1", "buckets"),
  HELM_CHART("HelmChart", Group.SOURCE, "v1", "helmcharts"),
  KUSTOMIZATION("Kustomization", Group.KUSTOMIZE, "v1", "kustomizations"),
  HELM_RELEASE("HelmRelease", Group.HELM, "v2", "helmreleases"),
  PROVIDER("Provider", Group.NOTIFICATION, "v1beta3", "providers"),
  ALERT("Alert", Group.NOTIFICATION, "v1beta3", "alerts"),
  RECEIVER("Receiver", Group.NOTIFICATION, "v1", "receivers"),
  IMAGE_REPOSITORY("ImageRepository", Group.IMAGE, "v1", "imagerepositories"),
  IMAGE_POLICY("ImagePolicy", Group.IMAGE, "v1", "imagepolicies"),
  IMAGE_UPDATE_AUTOMATION("ImageUpdateAutomation", Group.IMAGE, "v1", "imageupdateautomations");

  /** The Flux API groups. */
  public static final class Group {
    public static final String SOURCE = "source.toolkit.fluxcd.io";
    public static final String KUSTOMIZE = "kustomize.toolkit.fluxcd.io";
    public static final String HELM = "helm.toolkit.fluxcd.io";
    public static final String NOTIFICATION = "notification.toolkit.fluxcd.io";
    public static final String IMAGE = "image.toolkit.fluxcd.io";

    private Group() {}
  }

  private final String kind;
  private final String group;
  private final String version;
  private final String plural;

  FluxType(String kind, String group, String version, String plural) {
    this.kind = kind;
    this.group = group;
    this.version = version;
    this.plural = plural;
  }

  public String kind() {
    return kind;
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String plural() {
    return plural;
  }

  /** {@code source.toolkit.fluxcd.io/v1}. */
  public String apiVersion() {
    return group + "/" + version;
  }

  /** {@code gitrepositories.source.toolkit.fluxcd.io}, as the API server names it in errors. */
  public String resource() {
    return plural + "." + group;
  }
}
