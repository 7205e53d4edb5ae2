package io.flotilla.api.flux.kustomize;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.flux.FluxResource;

/** {@code kustomize.toolkit.fluxcd.io/v1 Kustomization}. */
@Group(Kustomization.GROUP)
@Version("v1")
@Plural("kustomizations")
@ShortNames("ks")
public class Kustomization extends FluxResource<KustomizationSpec, KustomizationStatus> {
  public static final String GROUP = "kustomize.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final String KIND = "Kustomization";

  /** Owner labels put on every applied object. */
  public static final String NAME_LABEL = GROUP + "/name";

  public static final String NAMESPACE_LABEL = GROUP + "/namespace";
  public static final String FIELD_MANAGER = "kustomize-controller";
}
