package io.flotilla.api.flux.notification;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code notification.toolkit.fluxcd.io/v1beta3 Alert}: which events go to which Provider. Static,
 * without a status, as in Flux 2.9.
 */
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@Group(Provider.GROUP)
@Version("v1beta3")
@Plural("alerts")
public class Alert extends CustomResource<AlertSpec, Void> implements Namespaced {
  public static final String API_VERSION = Provider.GROUP + "/v1beta3";
  public static final String KIND = "Alert";
}
