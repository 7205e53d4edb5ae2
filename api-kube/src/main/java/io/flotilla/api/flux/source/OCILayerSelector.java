package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code OCIRepository.spec.layerSelector}: the layer to use by media type (default: the first) and
 * whether to {@code extract} it (default) or {@code copy} it as is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OCILayerSelector(String mediaType, String operation) {
  public static final String EXTRACT = "extract";
  public static final String COPY = "copy";
}
