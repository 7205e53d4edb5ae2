package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** {@code properties.ociRepository}: an OCI artifact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciRepositoryDefinition(
    String url,
    Long timeoutInSeconds,
    Long syncIntervalInSeconds,
    OciRepositoryRefDefinition repositoryRef,
    LayerSelectorDefinition layerSelector,
    VerifyDefinition verify,
    Boolean insecure,
    Boolean useWorkloadIdentity,
    String serviceAccountName,
    TlsConfigDefinition tlsConfig,
    String localAuthRef) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OciRepositoryRefDefinition(String tag, String semver, String digest) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LayerSelectorDefinition(String mediaType, String operation) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VerifyDefinition(
      String provider,
      Map<String, String> verificationConfig,
      List<MatchOidcIdentityDefinition> matchOidcIdentity) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MatchOidcIdentityDefinition(String issuer, String subject) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TlsConfigDefinition(
      String clientCertificate, String privateKey, String caCertificate) {}
}
