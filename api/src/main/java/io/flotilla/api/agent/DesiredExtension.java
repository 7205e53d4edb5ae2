package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One cluster extension for an agent that asked for them ({@code extensions=true} on the desired
 * poll). {@code properties} is the ARM extension's properties, with the decrypted protected
 * settings until the agent has confirmed them; {@code version} is echoed in the {@link
 * ExtensionStatus}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DesiredExtension(
    String resourceId, String name, long version, boolean deleting, Properties properties) {

  /** The parts of an extension's properties a cluster acts on. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Properties(
      String extensionType,
      String version,
      String releaseTrain,
      Map<String, String> configurationSettings,
      Map<String, String> configurationProtectedSettings) {}

  /** True for Azure's Flux extension, {@code microsoft.flux} (the type is case-insensitive). */
  public boolean isFlux() {
    return properties != null
        && FluxExtension.EXTENSION_TYPE.equalsIgnoreCase(properties.extensionType());
  }
}
