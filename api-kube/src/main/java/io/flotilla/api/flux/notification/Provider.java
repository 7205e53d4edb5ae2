package io.flotilla.api.flux.notification;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code notification.toolkit.fluxcd.io/v1beta3 Provider}: where an Alert's events go. As in Flux
 * 2.9 it is a static object without a status: a bad address or a missing Secret is reported when an
 * event is delivered (an event on the Alert, a log line), never as a condition here.
 */
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@Group(Provider.GROUP)
@Version("v1beta3")
@Plural("providers")
public class Provider extends CustomResource<ProviderSpec, Void> implements Namespaced {
  public static final String GROUP = "notification.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v1beta3";
  public static final String KIND = "Provider";
}
