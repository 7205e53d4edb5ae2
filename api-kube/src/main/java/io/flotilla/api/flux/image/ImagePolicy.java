package io.flotilla.api.flux.image;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code image.toolkit.fluxcd.io/v1 ImagePolicy}: which of an ImageRepository's tags is the latest,
 * by semver range, alphabetical or numerical order, after an optional tag filter.
 */
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.latestRef.name")
@AdditionalPrinterColumn(name = "Tag", jsonPath = ".status.latestRef.tag")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@Group(ImageRepository.GROUP)
@Version("v1")
@Plural("imagepolicies")
@ShortNames({"imgpol", "imagepol"})
public class ImagePolicy extends CustomResource<ImagePolicySpec, ImagePolicyStatus>
    implements Namespaced {
  public static final String API_VERSION = ImageRepository.API_VERSION;
  public static final String KIND = "ImagePolicy";
}
