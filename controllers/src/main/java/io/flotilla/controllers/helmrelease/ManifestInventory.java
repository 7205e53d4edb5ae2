package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.flotilla.apply.Inventory;
import io.flotilla.apply.ObjectRef;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import io.flotilla.helm.ReleaseStatus;
import io.flotilla.helm.Releases;
import io.flotilla.kustomize.ClusterScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code status.inventory} of a HelmRelease: the objects of the release manifest (hooks are not in
 * it), namespaced in the release namespace unless they say otherwise or are of a cluster-scoped
 * kind.
 */
final class ManifestInventory {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestInventory.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ManifestInventory() {}

  static List<ObjectRef> of(String manifest, String releaseNamespace) {
    Map<String, ObjectRef> out = new LinkedHashMap<>();
    if (manifest == null || manifest.isBlank()) {
      return List.of();
    }
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(manifest)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc == null || !doc.isObject() || !doc.has("kind")) {
          continue;
        }
        String apiVersion = doc.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String kind = doc.path("kind").asText();
        String ns = doc.path("metadata").path("namespace").asText("");
        if (ns.isEmpty() && !ClusterScoped.kind(kind)) {
          ns = releaseNamespace;
        }
        ObjectRef ref =
            new ObjectRef(group, version, kind, ns, doc.path("metadata").path("name").asText());
        out.put(ref.inventoryId(), ref);
      }
    } catch (IOException | RuntimeException e) {
      // a manifest that does not parse was not applied either: report what parsed
    }
    return new ArrayList<>(out.values());
  }

  /**
   * Records the inventory of the deployed release on {@code status}; an unreadable one keeps it.
   */
  static void record(Releases releases, ReleaseNames names, StatusModel status) {
    try {
      Optional<Release> latest = releases.latest(names.storageNamespace(), names.release());
      if (latest.isPresent() && latest.get().status() == ReleaseStatus.DEPLOYED) {
        status.inventory =
            Inventory.toStatus(
                ManifestInventory.of(latest.get().manifest(), names.targetNamespace()));
      }
    } catch (ReleaseException e) {
      LOG.debug("cannot read the release to record the inventory: {}", e.getMessage());
    }
  }
}
