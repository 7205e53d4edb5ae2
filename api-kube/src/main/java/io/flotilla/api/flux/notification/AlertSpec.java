package io.flotilla.api.flux.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.List;
import java.util.Map;

/**
 * {@code Alert.spec} (v1beta3): {@code inclusionList}/{@code exclusionList} are Go regular
 * expressions on the message (exclusion wins); {@code summary} is deprecated in favour of {@code
 * eventMetadata.summary}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertSpec(
    @Required LocalObjectReference providerRef,
    @Default("\"info\"") Severity eventSeverity,
    @Required List<CrossNamespaceObjectReference> eventSources,
    List<String> inclusionList,
    Map<String, String> eventMetadata,
    List<String> exclusionList,
    @Size(max = 255) String summary,
    Boolean suspend) {

  /** {@code eventSeverity}: {@code info} lets every event through, {@code error} only errors. */
  public enum Severity {
    @JsonProperty("info")
    INFO,
    @JsonProperty("error")
    ERROR
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
