package io.flotilla.sops;

import java.io.IOException;

/**
 * An OAuth 2 access token for Azure Key Vault (scope {@code https://vault.azure.net/.default}): a
 * client secret, a client certificate or a managed identity, chosen by whoever builds the keys.
 */
@FunctionalInterface
public interface AzureToken {
  String accessToken() throws IOException;
}
