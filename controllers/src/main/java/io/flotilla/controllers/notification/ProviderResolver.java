package io.flotilla.controllers.notification;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.notification.Provider;
import io.flotilla.api.flux.notification.ProviderSpec;
import io.flotilla.source.oci.TlsContexts;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * Reads a Provider's Secrets into a {@link ProviderConfig}, as Flux's event handler does: the
 * {@code secretRef}'s {@code address}, {@code token}, {@code username}, {@code password} and {@code
 * headers} (a YAML map) win over the spec; {@code certSecretRef} ({@code ca.crt}, {@code
 * tls.crt}+{@code tls.key}) and {@code proxySecretRef} ({@code address}, {@code username}, {@code
 * password}) shape the HTTP client. Clients are shared per proxy and TLS material.
 */
final class ProviderResolver {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  private final KubernetesClient client;
  private final HttpClient plain;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  ProviderResolver(KubernetesClient client) {
    this.client = client;
    this.plain = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  ProviderConfig resolve(Provider provider) throws DeliveryException {
    ProviderSpec spec = provider.getSpec();
    String ns = provider.getMetadata().getNamespace();
    String address = spec.address();
    String username = spec.username();
    String password = null;
    String token = null;
    String proxy = spec.proxy();
    Map<String, String> headers = Map.of();
    if (spec.secretRef() != null) {
      Map<String, String> s = secret(ns, spec.secretRef(), "secretRef");
      address = s.getOrDefault("address", address);
      username = s.getOrDefault("username", username);
      password = s.get("password");
      token = s.get("token");
      proxy = s.getOrDefault("proxy", proxy);
      if (s.containsKey("headers")) {
        try {
          headers = YAML.readValue(s.get("headers"), new TypeReference<Map<String, String>>() {});
        } catch (java.io.IOException e) {
          throw DeliveryException.permanent(
              ("failed to read headers from secret '%s/%s': the 'headers' key must be a YAML map"
                      + " of strings")
                  .formatted(ns, spec.secretRef().name()));
        }
      }
    }
    String proxyUser = null;
    String proxyPassword = null;
    if (spec.proxySecretRef() != null) {
      Map<String, String> s = secret(ns, spec.proxySecretRef(), "proxySecretRef");
      if (!s.containsKey("address")) {
        throw DeliveryException.permanent(
            "invalid proxy secret '%s/%s': key 'address' is missing"
                .formatted(ns, spec.proxySecretRef().name()));
      }
      proxy = s.get("address");
      proxyUser = s.get("username");
      proxyPassword = s.get("password");
    }
    SSLContext tls = null;
    String tlsKey = "";
    if (spec.certSecretRef() != null) {
      Secret secret = read(ns, spec.certSecretRef(), "certSecretRef");
      Map<String, byte[]> data = bytes(secret);
      // Flux's deprecated names
      data.putIfAbsent("ca.crt", data.get("caFile"));
      data.putIfAbsent("tls.crt", data.get("certFile"));
      data.putIfAbsent("tls.key", data.get("keyFile"));
      data.values().removeIf(java.util.Objects::isNull);
      try {
        tls = TlsContexts.fromSecret(data);
      } catch (IllegalArgumentException e) {
        throw DeliveryException.permanent(
            "invalid certSecretRef '"
                + ns
                + "/"
                + spec.certSecretRef().name()
                + "': "
                + e.getMessage());
      }
      tlsKey = secret.getMetadata().getUid() + "@" + secret.getMetadata().getResourceVersion();
    }
    Duration timeout =
        spec.timeout() == null ? ProviderSpec.DEFAULT_TIMEOUT : GoDuration.parse(spec.timeout());
    HttpClient http = http(proxy, proxyUser, proxyPassword, tls, tlsKey);
    return new ProviderConfig(
        spec.type(),
        provider.getMetadata().getName(),
        ns,
        provider.getMetadata().getUid(),
        address,
        spec.channel(),
        username,
        password,
        token,
        headers,
        timeout,
        spec.commitStatusExpr(),
        http);
  }

  private HttpClient http(String proxy, String user, String password, SSLContext tls, String tlsKey)
      throws DeliveryException {
    if ((proxy == null || proxy.isBlank()) && tls == null) {
      return plain;
    }
    URI proxyUri = null;
    if (proxy != null && !proxy.isBlank()) {
      try {
        proxyUri = URI.create(proxy);
        if (proxyUri.getHost() == null) {
          throw new IllegalArgumentException("no host");
        }
      } catch (IllegalArgumentException e) {
        throw DeliveryException.permanent("unable to parse proxy URL: an http(s) URL is needed");
      }
    }
    String key =
        proxy + "|" + user + "|" + (password == null ? 0 : password.hashCode()) + "|" + tlsKey;
    URI p = proxyUri;
    SSLContext t = tls;
    return clients.computeIfAbsent(
        key,
        k -> {
          HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
          if (p != null) {
            int port = p.getPort() > 0 ? p.getPort() : "https".equals(p.getScheme()) ? 443 : 80;
            b.proxy(ProxySelector.of(new InetSocketAddress(p.getHost(), port)));
            if (user != null) {
              b.authenticator(
                  new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                      return getRequestorType() == RequestorType.PROXY
                          ? new PasswordAuthentication(
                              user, password == null ? new char[0] : password.toCharArray())
                          : null;
                    }
                  });
            }
          }
          if (t != null) {
            b.sslContext(t);
          }
          return b.build();
        });
  }

  private Map<String, String> secret(String ns, LocalObjectReference ref, String field)
      throws DeliveryException {
    Map<String, String> out = new HashMap<>();
    bytes(read(ns, ref, field))
        .forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8).strip()));
    return out;
  }

  private Secret read(String ns, LocalObjectReference ref, String field) throws DeliveryException {
    Secret s = client.secrets().inNamespace(ns).withName(ref.name()).get();
    if (s == null) {
      throw DeliveryException.permanent(
          "failed to read " + field + ": secret '" + ns + "/" + ref.name() + "' not found");
    }
    return s;
  }

  private static Map<String, byte[]> bytes(Secret s) {
    Map<String, byte[]> out = new HashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
    }
    if (s.getStringData() != null) {
      s.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
