package io.flotilla.api.flux.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code Receiver.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReceiverStatus(
    String lastHandledReconcileAt,
    List<Condition> conditions,
    String webhookPath,
    Long observedGeneration)
    implements FluxStatus {}
