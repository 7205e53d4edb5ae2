package io.flotilla.controllers.fluxconfig;

import io.flotilla.api.arm.AzureBlobDefinition;
import io.flotilla.api.arm.BucketDefinition;
import io.flotilla.api.arm.OciRepositoryDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The auth Secret's data for the non-Git sources, with Flux's keys: bucket {@code accessKey} +
 * protected {@code bucketSecretKey} → {@code accesskey/secretkey}; Azure Blob account key, SAS
 * token or service principal → {@code accountKey}, {@code sasKey}, {@code tenantId}…; OCI {@code
 * tlsConfig} → {@code ca.crt}, {@code tls.crt}, {@code tls.key}.
 */
final class SourceSecrets {
  private SourceSecrets() {}

  static Map<String, String> bucketData(BucketDefinition b, Map<String, String> protectedSettings) {
    Map<String, String> data = new LinkedHashMap<>();
    if (b == null || b.localAuthRef() != null) {
      return data;
    }
    String secretKey = protectedSettings.get("bucketSecretKey");
    if (b.accessKey() != null && secretKey != null) {
      data.put("accesskey", b.accessKey());
      data.put("secretkey", decode("bucketSecretKey", secretKey));
    }
    return data;
  }

  static Map<String, String> azureBlobData(
      AzureBlobDefinition a, Map<String, String> protectedSettings) {
    Map<String, String> data = new LinkedHashMap<>();
    if (a == null || a.localAuthRef() != null) {
      return data;
    }
    String accountKey = first(a.accountKey(), protectedSettings.get("accountKey"));
    String sas = first(a.sasToken(), protectedSettings.get("sasToken"));
    if (accountKey != null) {
      data.put("accountKey", accountKey);
    }
    if (sas != null) {
      data.put("sasKey", sas);
    }
    var sp = a.servicePrincipal();
    if (sp != null) {
      put(data, "clientId", sp.clientId());
      put(data, "tenantId", sp.tenantId());
      put(data, "clientSecret", first(sp.clientSecret(), protectedSettings.get("clientSecret")));
      String cert = first(sp.clientCertificate(), protectedSettings.get("clientCertificate"));
      if (cert != null) {
        data.put("clientCertificate", decode("servicePrincipal.clientCertificate", cert));
      }
      put(
          data,
          "clientCertificatePassword",
          first(
              sp.clientCertificatePassword(), protectedSettings.get("clientCertificatePassword")));
      if (Boolean.TRUE.equals(sp.clientCertificateSendChain())) {
        data.put("clientCertificateSendChain", "true");
      }
    }
    if (a.managedIdentity() != null) {
      put(data, "clientId", a.managedIdentity().clientId());
    }
    return data;
  }

  static Map<String, String> ociTlsData(OciRepositoryDefinition o) {
    Map<String, String> data = new LinkedHashMap<>();
    if (o == null || o.tlsConfig() == null) {
      return data;
    }
    var tls = o.tlsConfig();
    if (tls.caCertificate() != null) {
      data.put("ca.crt", decode("tlsConfig.caCertificate", tls.caCertificate()));
    }
    if (tls.clientCertificate() != null) {
      data.put("tls.crt", decode("tlsConfig.clientCertificate", tls.clientCertificate()));
    }
    if (tls.privateKey() != null) {
      data.put("tls.key", decode("tlsConfig.privateKey", tls.privateKey()));
    }
    return data;
  }

  private static void put(Map<String, String> data, String key, String value) {
    if (value != null && !value.isEmpty()) {
      data.put(key, value);
    }
  }

  private static String first(String a, String b) {
    return a != null && !a.isEmpty() ? a : b;
  }

  private static String decode(String field, String base64) {
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not valid base64", e);
    }
  }
}
