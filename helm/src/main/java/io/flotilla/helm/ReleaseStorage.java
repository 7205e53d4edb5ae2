package io.flotilla.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Helm's Secret storage driver ({@code pkg/storage/driver/secrets.go}): revision {@code N} of
 * release {@code r} is the Secret {@code sh.helm.release.v1.r.vN} of type {@code
 * helm.sh/release.v1}, labelled {@code name}, {@code owner=helm}, {@code status}, {@code version},
 * plus {@code createdAt} when created or {@code modifiedAt} (Unix seconds) when replaced, and the
 * release's own labels.
 */
final class ReleaseStorage {
  static final String TYPE = "helm.sh/release.v1";

  /** Labels the driver owns; the rest of a storage Secret's labels are the release's. */
  static final Set<String> SYSTEM_LABELS =
      Set.of("name", "owner", "status", "version", "createdAt", "modifiedAt");

  private final KubernetesClient client;
  private final Clock clock;

  /**
   * Histories read on this thread within {@link #readingHistoryOnce}, by {@code namespace/name},
   * newest first; this storage's writes update them, a failed write forgets them.
   */
  private final ThreadLocal<Map<String, List<StoredRelease>>> session = new ThreadLocal<>();

  ReleaseStorage(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  static String key(String name, int version) {
    return "sh.helm.release.v1." + name + ".v" + version;
  }

  <T> T readingHistoryOnce(Supplier<T> work) {
    if (session.get() != null) {
      return work.get();
    }
    session.set(new HashMap<>());
    try {
      return work.get();
    } finally {
      session.remove();
    }
  }

  /** Every revision of {@code name}, newest first; undecodable Secrets are skipped as Helm does. */
  List<StoredRelease> history(String namespace, String name) throws ReleaseException {
    Map<String, List<StoredRelease>> known = session.get();
    if (known != null && known.containsKey(namespace + "/" + name)) {
      return copies(known.get(namespace + "/" + name));
    }
    List<StoredRelease> read = read(namespace, name);
    if (known != null) {
      known.put(namespace + "/" + name, copies(read));
    }
    return read;
  }

  /** Copies, so that a caller changing a release's JSON does not change the session's. */
  private static List<StoredRelease> copies(List<StoredRelease> releases) {
    List<StoredRelease> out = new ArrayList<>(releases.size());
    for (StoredRelease r : releases) {
      out.add(new StoredRelease(r.json().deepCopy(), r.labels(), r.storage()));
    }
    return out;
  }

  /** Brings the session's history of {@code r}'s release in line with a write that succeeded. */
  private void written(StoredRelease r) {
    Map<String, List<StoredRelease>> known = session.get();
    List<StoredRelease> history = known == null ? null : known.get(r.storage() + "/" + r.name());
    if (history == null) {
      return;
    }
    history.removeIf(h -> h.version() == r.version());
    history.add(new StoredRelease(r.json().deepCopy(), r.labels(), r.storage()));
    history.sort(Comparator.comparingInt(StoredRelease::version).reversed());
  }

  /** After a failed write the stored history is unknown: the next read lists it again. */
  private void forget(String namespace, String name) {
    Map<String, List<StoredRelease>> known = session.get();
    if (known != null) {
      known.remove(namespace + "/" + name);
    }
  }

  private List<StoredRelease> read(String namespace, String name) throws ReleaseException {
    List<Secret> items;
    try {
      items =
          client
              .secrets()
              .inNamespace(namespace)
              .withLabel("owner", "helm")
              .withLabel("name", name)
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      throw storageError(
          "list the revisions of release '%s' in namespace '%s'", name, namespace, e);
    }
    List<StoredRelease> out = new ArrayList<>();
    for (Secret s : items) {
      decode(s).ifPresent(out::add);
    }
    out.sort(Comparator.comparingInt(StoredRelease::version).reversed());
    return out;
  }

  Optional<StoredRelease> get(String namespace, String name, int version) throws ReleaseException {
    try {
      Secret s = client.secrets().inNamespace(namespace).withName(key(name, version)).get();
      return s == null ? Optional.empty() : decode(s);
    } catch (KubernetesClientException e) {
      throw storageError("read revision %d of release '%s'", version, name, e);
    }
  }

  /** Helm's {@code Create}: fails if the revision exists. */
  void create(StoredRelease r) throws ReleaseException {
    Secret s = secret(r, "createdAt");
    try {
      client.secrets().inNamespace(r.storage()).resource(s).create();
      written(r);
    } catch (KubernetesClientException e) {
      forget(r.storage(), r.name());
      if (e.getCode() == 409) {
        throw new ReleaseException(
            ReleaseException.Kind.STORAGE,
            "release '%s' revision %d already exists in namespace '%s' (another operation on the release is in progress or ran concurrently)"
                .formatted(r.name(), r.version(), r.storage()),
            e);
      }
      throw storageError("store revision %d of release '%s'", r.version(), r.name(), e);
    }
  }

  /** Helm's {@code Update}: replaces the Secret (labels included). */
  void update(StoredRelease r) throws ReleaseException {
    Secret s = secret(r, "modifiedAt");
    try {
      client.secrets().inNamespace(r.storage()).resource(s).update();
      written(r);
    } catch (KubernetesClientException e) {
      forget(r.storage(), r.name());
      throw storageError("update revision %d of release '%s'", r.version(), r.name(), e);
    }
  }

  void delete(String namespace, String name, int version) throws ReleaseException {
    try {
      client.secrets().inNamespace(namespace).withName(key(name, version)).delete();
      Map<String, List<StoredRelease>> known = session.get();
      if (known != null && known.get(namespace + "/" + name) != null) {
        known.get(namespace + "/" + name).removeIf(h -> h.version() == version);
      }
    } catch (KubernetesClientException e) {
      forget(namespace, name);
      throw storageError("delete revision %d of release '%s'", version, name, e);
    }
  }

  private Secret secret(StoredRelease r, String timeLabel) {
    Map<String, String> labels = new LinkedHashMap<>(r.labels());
    labels.put(timeLabel, Long.toString(clock.instant().getEpochSecond()));
    labels.put("name", r.name());
    labels.put("owner", "helm");
    labels.put("status", r.status().helm());
    labels.put("version", Integer.toString(r.version()));
    String encoded = ReleaseCodec.encode(r.json());
    return new SecretBuilder()
        .withNewMetadata()
        .withName(key(r.name(), r.version()))
        .withNamespace(r.storage())
        .withLabels(labels)
        .endMetadata()
        .withType(TYPE)
        .withData(
            Map.of(
                "release",
                Base64.getEncoder().encodeToString(encoded.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

  static Optional<StoredRelease> decode(Secret s) {
    String data = s.getData() == null ? null : s.getData().get("release");
    if (data == null) return Optional.empty();
    try {
      String helmString =
          new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII);
      ObjectNode json = ReleaseCodec.decode(helmString);
      Map<String, String> labels = new LinkedHashMap<>();
      if (s.getMetadata().getLabels() != null) {
        s.getMetadata()
            .getLabels()
            .forEach(
                (k, v) -> {
                  if (!SYSTEM_LABELS.contains(k)) labels.put(k, v);
                });
      }
      return Optional.of(new StoredRelease(json, labels, s.getMetadata().getNamespace()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ReleaseException storageError(
      String what, Object a, Object b, KubernetesClientException e) {
    return new ReleaseException(
        ReleaseException.Kind.STORAGE, "cannot " + what.formatted(a, b) + ": " + reason(e), e);
  }

  static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }
}
