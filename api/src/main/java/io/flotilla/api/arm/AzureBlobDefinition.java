package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code properties.azureBlob}: an Azure Blob container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AzureBlobDefinition(
    String url,
    String containerName,
    Long timeoutInSeconds,
    Long syncIntervalInSeconds,
    ServicePrincipalDefinition servicePrincipal,
    String accountKey,
    String sasToken,
    ManagedIdentityDefinition managedIdentity,
    String localAuthRef) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServicePrincipalDefinition(
      String clientId,
      String tenantId,
      String clientSecret,
      String clientCertificate,
      String clientCertificatePassword,
      Boolean clientCertificateSendChain) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ManagedIdentityDefinition(String clientId) {}
}
