package io.flotilla.kube.kubelet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.auth.ServiceAccountTokens;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.workloads.ControlLoop;
import io.flotilla.kube.workloads.ControlPlane;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * kube-controller-manager's tokens controller for the Secrets users still create by hand since
 * Kubernetes 1.24 stopped making them (type {@code kubernetes.io/service-account-token}, annotation
 * {@code kubernetes.io/service-account.name}): it fills {@code token}, {@code namespace} and {@code
 * ca.crt} and records the service account's uid. The token is one {@link ServiceAccountTokens}
 * signs, bound to the Secret (it stops working when the Secret goes) and, unlike a legacy token,
 * with an expiry, 136 years out. A Secret whose service account does not exist yet is looked at
 * again each second; unlike Kubernetes, such a Secret is never deleted.
 */
final class ServiceAccountTokenSecrets implements ControlLoop {
  static final String TYPE = "kubernetes.io/service-account-token";
  static final String SA_NAME = "kubernetes.io/service-account.name";
  static final String SA_UID = "kubernetes.io/service-account.uid";
  private static final long LIFETIME_SECONDS = 1L << 32;

  private final ControlPlane cp;
  private final ServiceAccountTokens tokens;
  private final Supplier<String> caPem;
  private final ResourceType secrets;

  ServiceAccountTokenSecrets(ControlPlane cp, ServiceAccountTokens tokens, Supplier<String> caPem) {
    this.cp = cp;
    this.tokens = tokens;
    this.caPem = caPem;
    this.secrets = cp.core.registry.find("", "v1", "secrets");
  }

  @Override
  public Duration reconcile(ObjectNode secret) {
    if (!TYPE.equals(Json.text(secret, "type")) || ControlPlane.deleting(secret)) {
      return null;
    }
    String ns = Json.text(secret, "metadata", "namespace");
    String saName = Json.text(secret, "metadata", "annotations", SA_NAME);
    if (saName == null || saName.isEmpty()) {
      return null;
    }
    String filled = Json.text(secret, "data", "token");
    if (filled != null && !filled.isEmpty()) {
      return null;
    }
    ObjectNode sa = cp.core.store.get("/serviceaccounts", ns, saName);
    if (sa == null) {
      return Duration.ofSeconds(1);
    }
    String saUid = Json.text(sa, "metadata", "uid");
    String recorded = Json.text(secret, "metadata", "annotations", SA_UID);
    if (recorded != null && !recorded.isEmpty() && !recorded.equals(saUid)) {
      return null; // made for an earlier service account of that name
    }
    ObjectNode changed = secret.deepCopy();
    Json.child(Json.child(changed, "metadata"), "annotations").put(SA_UID, saUid);
    String token =
        tokens.issue(
            sa,
            new ServiceAccountTokens.Request(
                ServiceAccountTokens.API_AUDIENCES,
                LIFETIME_SECONDS,
                List.of(
                    new ServiceAccountTokens.Bound(
                        "Secret",
                        Json.text(secret, "metadata", "name"),
                        Json.text(secret, "metadata", "uid")))),
            java.time.Instant.now().getEpochSecond());
    ObjectNode data = Json.child(changed, "data");
    data.put("token", b64(token));
    data.put("namespace", b64(ns));
    String ca = caPem.get();
    if (ca != null) {
      data.put("ca.crt", b64(ca));
    }
    try {
      cp.update(secrets, changed, ControlPlane.CONTROLLER_MANAGER);
    } catch (ApiException e) {
      if (e.code == 409) {
        return Duration.ofMillis(100);
      }
      if (e.code != 404) {
        throw e;
      }
    }
    return null;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
