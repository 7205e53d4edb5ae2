package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code status.lastScanResult}: how many tags the last scan kept, when, and the ten greatest in
 * descending string order ({@code latestTags}, as Flux samples them); {@code revision} is a digest
 * of the kept tags, which changes exactly when they do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScanResult(String revision, int tagCount, String scanTime, List<String> latestTags) {}
