package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flux create secret git|helm|oci|tls NAME}: the Secrets Flux sources read, printed with
 * {@code --export} (string data, as flux prints them) or written to the cluster.
 */
final class CreateSecret {
  private CreateSecret() {}

  /** Exports or applies {@code data} as the Secret {@code c.name}; {@code word} names its use. */
  static void finish(Creation c, String word, Map<String, String> data, String type) {
    Credentials credentials = new Credentials(data);
    Map<String, String> labels = new TreeMap<>();
    c.create.labels().fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Secret secret = credentials.secret(c.name, c.namespace(), labels, type);
    if (c.create.export) {
      ObjectNode json = Kube.JSON.createObjectNode();
      json.put("apiVersion", "v1");
      json.put("kind", "Secret");
      ObjectNode meta = json.putObject("metadata");
      if (!labels.isEmpty()) {
        meta.set("labels", Kube.JSON.valueToTree(labels));
      }
      meta.put("name", c.name);
      meta.put("namespace", c.namespace());
      json.set("stringData", Kube.JSON.valueToTree(data));
      if (type != null) {
        json.put("type", type);
      }
      c.print(json);
      return;
    }
    try (Kube kube = c.flux.kube()) {
      Upsert.secret(kube, secret);
    }
    c.log().action(word + " secret '" + c.name + "' created in '" + c.namespace() + "' namespace");
  }

  @Command(name = "git")
  static final class Git extends NamedCreate {
    @Mixin GitUrl git;

    @Mixin AuthFlags.Basic auth;

    @Option(names = "--bearer-token", description = "bearer authentication token")
    String bearerToken;

    @Option(
        names = "--ca-file",
        description = "path to TLS CA file used for validating self-signed certificates")
    Path caFile;

    @Override
    void run(Creation c) {
      String scheme = git.checkedScheme("Git");
      if (scheme.equals("ssh")) {
        throw new FluxException(
            "generating SSH keys is not supported by flotilla flux yet: create the Secret with"
                + " identity and known_hosts yourself");
      }
      if (!Specs.empty(bearerToken) && !Specs.empty(auth.username)) {
        throw new FluxException("user credentials and bearer token cannot be used together");
      }
      Map<String, String> data = new TreeMap<>(auth.credentials(caFile).data());
      if (!Specs.empty(bearerToken)) {
        data.put("bearerToken", bearerToken);
      }
      finish(c, "git", data, null);
    }
  }

  @Command(name = "helm")
  static final class Helm extends NamedCreate {
    @Mixin AuthFlags.Basic auth;

    @Mixin AuthFlags.Tls tls;

    @Override
    void run(Creation c) {
      finish(c, "helm", tls.add(auth.credentials(null)).data(), null);
    }
  }

  @Command(name = "oci")
  static final class Oci extends NamedCreate {
    @Option(names = "--url", description = "oci repository address e.g ghcr.io/stefanprodan/charts")
    String url;

    @Mixin AuthFlags.Basic auth;

    @Override
    void run(Creation c) {
      for (String[] required :
          new String[][] {
            {"--url", url}, {"--username", auth.username}, {"--password", auth.password}
          }) {
        if (Specs.empty(required[1])) {
          throw new FluxException(required[0] + " is required");
        }
      }
      String auth64 =
          Base64.getEncoder()
              .encodeToString(
                  (auth.username + ":" + auth.password).getBytes(StandardCharsets.UTF_8));
      ObjectNode entry = Kube.JSON.createObjectNode();
      entry.put("username", auth.username);
      entry.put("password", auth.password);
      entry.put("auth", auth64);
      ObjectNode config = Kube.JSON.createObjectNode();
      config.putObject("auths").set(url, entry);
      finish(
          c,
          "oci",
          Map.of(".dockerconfigjson", config.toString()),
          "kubernetes.io/dockerconfigjson");
    }
  }

  @Command(name = "tls")
  static final class Tls extends NamedCreate {
    @Mixin AuthFlags.Tls tls;

    @Override
    void run(Creation c) {
      finish(c, "tls", tls.add(new Credentials(Map.of())).data(), null);
    }
  }
}
