package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.flux.FluxResource;

/** {@code source.toolkit.fluxcd.io/v1 GitRepository}. */
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url")
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("gitrepositories")
@ShortNames("gitrepo")
public class GitRepository extends FluxResource<GitRepositorySpec, GitRepositoryStatus> {
  public static final String GROUP = "source.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final String KIND = "GitRepository";
}
