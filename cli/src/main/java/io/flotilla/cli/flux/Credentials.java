package io.flotilla.cli.flux;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret flux's source commands and {@code create secret} write: basic auth ({@code username},
 * {@code password}) and TLS material ({@code tls.crt}, {@code tls.key}, {@code ca.crt}), as string
 * data; a value never appears in a message.
 */
record Credentials(Map<String, String> data) {
  static Credentials basic(String username, String password, Path caFile) {
    Map<String, String> data = new TreeMap<>();
    if (username != null && !username.isEmpty()) {
      data.put("username", username);
    }
    if (password != null && !password.isEmpty()) {
      data.put("password", password);
    }
    if (caFile != null) {
      data.put("ca.crt", read(caFile, "unable to read TLS CA file"));
    }
    return new Credentials(data);
  }

  Credentials withTls(Path certFile, Path keyFile, Path caFile) {
    Map<String, String> more = new TreeMap<>(data);
    if (certFile != null && keyFile != null) {
      more.put("tls.crt", read(certFile, "failed to read cert file"));
      more.put("tls.key", read(keyFile, "failed to read key file"));
    }
    if (caFile != null) {
      more.put("ca.crt", read(caFile, "failed to read CA file"));
    }
    return new Credentials(more);
  }

  boolean any() {
    return !data.isEmpty();
  }

  Secret secret(String name, String namespace, Map<String, String> labels, String type) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels.isEmpty() ? null : labels)
        .endMetadata()
        .withType(type)
        .withStringData(data)
        .build();
  }

  /** Writes the Secret {@code name} with flux's words around it. */
  void apply(Kube kube, Creation c, String name) {
    c.log().action("applying secret with repository credentials");
    Upsert.secret(kube, secret(name, c.namespace(), Map.of(), null));
    c.log().success("authentication configured");
  }

  static String read(Path file, String what) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new FluxException(what + ": open " + file + ": no such file or directory");
    }
  }
}
