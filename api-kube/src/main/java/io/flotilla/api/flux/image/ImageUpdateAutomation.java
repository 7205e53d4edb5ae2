package io.flotilla.api.flux.image;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.PrinterColumnOrder;
import io.flotilla.api.flux.FluxResource;

/**
 * {@code image.toolkit.fluxcd.io/v1 ImageUpdateAutomation}: checks out a GitRepository, rewrites
 * the fields marked with {@code $imagepolicy} setters to the policies' latest images, commits and
 * pushes.
 */
@AdditionalPrinterColumn(
    name = "Last run",
    jsonPath = ".status.lastAutomationRunTime",
    priority = 1)
@PrinterColumnOrder({"Ready", "Status", "Last run", "Age"})
@Group(ImageRepository.GROUP)
@Version("v1")
@Plural("imageupdateautomations")
@ShortNames({"iua", "imgupd", "imgauto"})
public class ImageUpdateAutomation
    extends FluxResource<ImageUpdateAutomationSpec, ImageUpdateAutomationStatus> {
  public static final String API_VERSION = ImageRepository.API_VERSION;
  public static final String KIND = "ImageUpdateAutomation";
}
