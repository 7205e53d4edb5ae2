package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code source.toolkit.fluxcd.io/v1 GitRepository}. */
@AdditionalPrinterColumn(
    name = "URL",
    jsonPath = ".spec.url",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("gitrepositories")
@ShortNames("gitrepo")
public class GitRepository extends CustomResource<GitRepositorySpec, GitRepositoryStatus>
    implements Namespaced {
  public static final String GROUP = "source.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final String KIND = "GitRepository";
}
