package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code ImageRepository.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRepositoryStatus(
    List<Condition> conditions,
    Long observedGeneration,
    String canonicalImageName,
    ScanResult lastScanResult,
    List<String> observedExclusionList,
    String lastHandledReconcileAt)
    implements FluxStatus {}
