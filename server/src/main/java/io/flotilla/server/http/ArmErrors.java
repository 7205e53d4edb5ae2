package io.flotilla.server.http;

import io.flotilla.api.arm.ClusterRef;

/** The ARM errors this service answers with, worded as ARM and the Flux RP word them. */
public final class ArmErrors {
  private ArmErrors() {}

  public static ArmException clusterNotFound(ClusterRef ref) {
    return new ArmException(
        404,
        "ResourceNotFound",
        "The Resource '%s' under resource group '%s' was not found."
            .formatted(ref.shortId(), ref.resourceGroup()));
  }

  /** What az prints for a missing configuration; the Flux RP answers a bare 404. */
  public static ArmException fluxConfigurationNotFound(ClusterRef ref, String name) {
    return childNotFound("FluxConfigurationNotFound", ref, "fluxConfigurations", name);
  }

  public static ArmException extensionNotFound(ClusterRef ref, String name) {
    return childNotFound("ExtensionNotFound", ref, "extensions", name);
  }

  private static ArmException childNotFound(String code, ClusterRef ref, String type, String name) {
    return new ArmException(
        404,
        code,
        "The Resource %s/Microsoft.KubernetesConfiguration/%s/%s could not be found!"
            .formatted(ref.shortId(), type, name));
  }

  public static ArmException operationNotFound(String id) {
    return new ArmException(
        404, "OperationNotFound", "The operation '" + id + "' was not found for this resource.");
  }

  public static ArmException missingApiVersion() {
    return new ArmException(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.");
  }

  public static ArmException missingAuthorization() {
    return new ArmException(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.");
  }

  public static ArmException invalidToken() {
    return new ArmException(401, "InvalidAuthenticationToken", "The access token is invalid.");
  }

  public static ArmException forbidden(String message) {
    return new ArmException(403, "AuthorizationFailed", message);
  }
}
