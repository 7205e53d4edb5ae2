package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster of {@code --kubeconfig}/{@code $KUBECONFIG}/{@code ~/.kube/config} and its {@code
 * --context}, reached with fabric8 as client-go would; every failure becomes client-go's words.
 */
final class Kube implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final URI server;

  private Kube(KubernetesClient client, URI server) {
    this.client = client;
    this.server = server;
  }

  static Kube connect(FluxGroup flags) {
    Path file = kubeconfigPath(flags);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new FluxException("stat " + file + ": no such file or directory");
    } catch (IOException e) {
      throw new FluxException("open " + file + ": " + e.getMessage());
    }
    Config config;
    try {
      config = Config.fromKubeconfig(flags.context, text, file.toString());
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw new FluxException(
          flags.context == null
              ? "invalid configuration: " + e.getMessage()
              : "context \"" + flags.context + "\" does not exist");
    }
    if (flags.context != null && !flags.context.equals(currentContext(config))) {
      throw new FluxException("context \"" + flags.context + "\" does not exist");
    }
    if (flags.as != null && !flags.as.isEmpty()) {
      config.setImpersonateUsername(flags.as);
    }
    if (!flags.asGroups.isEmpty()) {
      if (flags.as == null || flags.as.isEmpty()) {
        throw new FluxException(
            "requesting uid, groups or user-extra for  without impersonating a user");
      }
      config.setImpersonateGroups(flags.asGroups.toArray(String[]::new));
    }
    config.setOnlyHttpWatches(true);
    int millis = (int) Math.min(Integer.MAX_VALUE, flags.timeout.toMillis());
    config.setRequestTimeout(millis);
    config.setConnectionTimeout(Math.min(millis, 30_000));
    config.setRequestRetryBackoffLimit(0);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new Kube(client, URI.create(config.getMasterUrl()));
  }

  private static String currentContext(Config config) {
    return config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
  }

  private static Path kubeconfigPath(FluxGroup flags) {
    if (flags.kubeconfig != null) {
      return flags.kubeconfig;
    }
    String env = flags.env.env().get("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(java.io.File.pathSeparator)[0]);
    }
    return flags.env.home().resolve(".kube").resolve("config");
  }

  KubernetesClient client() {
    return client;
  }

  MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(FluxKind kind) {
    return client.genericKubernetesResources(kind.context());
  }

  /**
   * The objects of a kind in a namespace, or in all namespaces when {@code namespace} is null.
   *
   * @throws NoMatch when the cluster does not serve the kind (its CRD is not installed)
   */
  List<FluxObject> list(FluxKind kind, String namespace) {
    try {
      var op = resources(kind);
      var items = namespace == null ? op.inAnyNamespace().list() : op.inNamespace(namespace).list();
      return items.getItems().stream().map(r -> object(kind, r)).toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new NoMatch(kind);
      }
      throw new FluxException(KubeErrors.describe(e, server), e);
    }
  }

  /** client-go's RESTMapper refusal of a kind the cluster does not serve. */
  static final class NoMatch extends FluxException {
    NoMatch(FluxKind kind) {
      super("no matches for kind \"" + kind.kind() + "\" in version \"" + kind.apiVersion() + "\"");
    }
  }

  Optional<FluxObject> find(FluxKind kind, String namespace, String name) {
    return call(
        () ->
            Optional.ofNullable(resources(kind).inNamespace(namespace).withName(name).get())
                .map(r -> object(kind, r)));
  }

  /** The object, or the API server's {@code <resource> "<name>" not found}. */
  FluxObject get(FluxKind kind, String namespace, String name) {
    return find(kind, namespace, name)
        .orElseThrow(() -> new FluxException(kind.resource() + " \"" + name + "\" not found"));
  }

  /** A JSON merge patch, as controller-runtime's {@code client.MergeFrom} sends. */
  FluxObject mergePatch(FluxKind kind, String namespace, String name, JsonNode patch) {
    return call(
        () ->
            object(
                kind,
                resources(kind)
                    .inNamespace(namespace)
                    .withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString())));
  }

  void delete(FluxKind kind, String namespace, String name) {
    call(() -> resources(kind).inNamespace(namespace).withName(name).delete());
  }

  /** Wraps a client call so that its failure reads as client-go's. */
  <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw new FluxException(KubeErrors.describe(e, server), e);
    }
  }

  static FluxObject object(FluxKind kind, GenericKubernetesResource r) {
    return new FluxObject(kind, JSON.convertValue(r, ObjectNode.class));
  }

  @Override
  public void close() {
    client.close();
  }
}
