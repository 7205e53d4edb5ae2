package io.flotilla.api.flux.image;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code image.toolkit.fluxcd.io/v1 ImageUpdateAutomation}: checks out a GitRepository, rewrites
 * the fields marked with {@code $imagepolicy} setters to the policies' latest images, commits and
 * pushes.
 */
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last run",
    jsonPath = ".status.lastAutomationRunTime",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@Group(ImageRepository.GROUP)
@Version("v1")
@Plural("imageupdateautomations")
@ShortNames({"iua", "imgupd", "imgauto"})
public class ImageUpdateAutomation
    extends CustomResource<ImageUpdateAutomationSpec, ImageUpdateAutomationStatus>
    implements Namespaced {
  public static final String API_VERSION = ImageRepository.API_VERSION;
  public static final String KIND = "ImageUpdateAutomation";
}
