package io.flotilla.api.flux.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A source artifact: {@code path} is {@code <kind>/<ns>/<name>/<file>}, digest {@code sha256:…}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Artifact(
    String path,
    String url,
    String revision,
    String digest,
    String lastUpdateTime,
    Long size,
    Map<String, String> metadata) {}
