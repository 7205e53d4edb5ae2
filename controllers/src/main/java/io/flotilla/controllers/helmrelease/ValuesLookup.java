package io.flotilla.controllers.helmrelease;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where {@code valuesFrom} reads: ConfigMaps and Secrets (data and stringData) in the cluster. */
final class ValuesLookup {
  private ValuesLookup() {}

  static ValuesResolver.Lookup of(KubernetesClient client) {
    return (kind, namespace, name) -> {
      if (kind.equals("ConfigMap")) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        return cm == null
            ? Optional.empty()
            : Optional.of(cm.getData() == null ? Map.of() : cm.getData());
      }
      Secret s = client.secrets().inNamespace(namespace).withName(name).get();
      if (s == null) {
        return Optional.empty();
      }
      Map<String, String> out = new LinkedHashMap<>();
      if (s.getData() != null) {
        s.getData()
            .forEach(
                (k, v) ->
                    out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
      }
      if (s.getStringData() != null) {
        out.putAll(s.getStringData());
      }
      return Optional.of(out);
    };
  }
}
