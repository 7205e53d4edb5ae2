package io.flotilla.api.flux.image;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.PrinterColumnOrder;
import io.flotilla.api.flux.FluxResource;

/**
 * {@code image.toolkit.fluxcd.io/v1 ImagePolicy}: which of an ImageRepository's tags is the latest,
 * by semver range, alphabetical or numerical order, after an optional tag filter.
 */
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.latestRef.name")
@AdditionalPrinterColumn(name = "Tag", jsonPath = ".status.latestRef.tag")
@PrinterColumnOrder({"Image", "Tag", "Ready", "Status", "Age"})
@Group(ImageRepository.GROUP)
@Version("v1")
@Plural("imagepolicies")
@ShortNames({"imgpol", "imagepol"})
public class ImagePolicy extends FluxResource<ImagePolicySpec, ImagePolicyStatus> {
  public static final String API_VERSION = ImageRepository.API_VERSION;
  public static final String KIND = "ImagePolicy";
}
