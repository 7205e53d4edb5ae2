package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.flotilla.kustomize.Yaml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flux tree kustomization NAME}: the Kustomization's inventory as a tree, descending into
 * the Kustomizations it applied and into the objects of the HelmReleases it applied (read from
 * their Helm release Secret, as flux does).
 */
@Command(
    name = "kustomization",
    aliases = "ks",
    description = "Print the resources reconciled by a Kustomization")
final class TreeCommand extends LeafCommand {
  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = "--compact", description = "list Flux resources only.")
  boolean compact;

  @Option(
      names = {"-o", "--output"},
      description = "the format in which the tree should be printed. can be 'json' or 'yaml'")
  String output;

  /** One object (cluster-scoped: no namespace) and the objects under it. */
  record Node(String namespace, String name, String group, String kind, List<Node> children) {
    /** {@code Kind/namespace/name}, or {@code Kind/name} when cluster-scoped. */
    String label() {
      return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    /** flux's ObjMetadataTree: {@code resource} (cli-utils' ObjMetadata) and {@code resources}. */
    ObjectNode toJson() {
      ObjectNode out = Kube.JSON.createObjectNode();
      ObjectNode resource = out.putObject("resource");
      resource.put("Namespace", namespace);
      resource.put("Name", name);
      resource.putObject("GroupKind").put("Group", group).put("Kind", kind);
      if (!children.isEmpty()) {
        ArrayNode resources = out.putArray("resources");
        children.forEach(c -> resources.add(c.toJson()));
      }
      return out;
    }
  }

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    if (name == null) {
      throw new FluxException("kustomization name is required");
    }
    if (output != null && !output.equals("json") && !output.equals("yaml")) {
      throw new FluxException(
          "invalid argument \""
              + output
              + "\" for \"-o, --output\" flag: unsupported output format '"
              + output
              + "', must be one of: json, yaml");
    }
    try (Kube kube = flux.kube()) {
      FluxObject root = kube.get(FluxKind.KUSTOMIZATION, flux.namespace(), name);
      Node tree = kustomization(kube, root, new HashSet<>());
      PrintWriter out = spec.commandLine().getOut();
      if ("json".equals(output)) {
        out.println(GoJson.indent(tree.toJson()));
      } else if ("yaml".equals(output)) {
        out.println(Yaml.write(tree.toJson()));
      } else {
        out.println(tree.label());
        print(out, tree.children(), "");
        out.println();
      }
      out.flush();
    }
    return 0;
  }

  private Node kustomization(Kube kube, FluxObject ks, Set<String> seen) {
    Node node =
        new Node(
            ks.namespace(),
            ks.name(),
            "kustomize.toolkit.fluxcd.io",
            "Kustomization",
            new ArrayList<>());
    if (!seen.add(node.label())) {
      return node;
    }
    for (JsonNode entry : ks.status().path("inventory").path("entries")) {
      String[] id = entry.path("id").asText().split("_", -1);
      if (id.length != 4) {
        continue;
      }
      String ns = id[0];
      String objName = id[1];
      String group = id[2];
      String kind = id[3];
      boolean fluxObject = group.endsWith(".toolkit.fluxcd.io");
      if (compact && !fluxObject) {
        continue;
      }
      Node leaf = new Node(ns, objName, group, kind, new ArrayList<>());
      Node child =
          kind.equals("Kustomization") && group.equals("kustomize.toolkit.fluxcd.io")
              ? kube.find(FluxKind.KUSTOMIZATION, ns, objName)
                  .map(nested -> kustomization(kube, nested, seen))
                  .orElse(leaf)
              : leaf;
      if (kind.equals("HelmRelease") && group.equals("helm.toolkit.fluxcd.io") && !compact) {
        kube.find(FluxKind.HELM_RELEASE, ns, objName).ifPresent(hr -> release(kube, hr, leaf));
      }
      node.children().add(child);
    }
    return node;
  }

  /** The objects of a release's latest Helm storage Secret. */
  private static void release(Kube kube, FluxObject hr, Node node) {
    JsonNode history = hr.status().path("history");
    if (history.isEmpty()) {
      return;
    }
    JsonNode latest = history.get(0);
    String storageNs = hr.spec().path("storageNamespace").asText(hr.namespace());
    String secretName =
        "sh.helm.release.v1."
            + latest.path("name").asText()
            + ".v"
            + latest.path("version").asText();
    Secret secret =
        kube.call(() -> kube.client().secrets().inNamespace(storageNs).withName(secretName).get());
    if (secret == null || secret.getData() == null || !secret.getData().containsKey("release")) {
      return;
    }
    try {
      byte[] gz =
          Base64.getDecoder().decode(Base64.getDecoder().decode(secret.getData().get("release")));
      String json;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      JsonNode release = Kube.JSON.readTree(json);
      String releaseNs = release.path("namespace").asText();
      for (JsonNode o : Yaml.read(release.path("manifest").asText(""))) {
        String ns = o.path("metadata").path("namespace").asText(releaseNs);
        String apiVersion = o.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        node.children()
            .add(
                new Node(
                    ns,
                    o.path("metadata").path("name").asText(),
                    slash < 0 ? "" : apiVersion.substring(0, slash),
                    o.path("kind").asText(),
                    List.of()));
      }
    } catch (IOException | IllegalArgumentException | Yaml.InvalidYamlException e) {
      throw new FluxException(
          "failed to read Helm release storage "
              + storageNs
              + "/"
              + secretName
              + ": "
              + e.getMessage());
    }
  }

  private static void print(PrintWriter out, List<Node> nodes, String indent) {
    for (int i = 0; i < nodes.size(); i++) {
      boolean last = i == nodes.size() - 1;
      Node n = nodes.get(i);
      out.println(indent + (last ? "└── " : "├── ") + n.label());
      print(out, n.children(), indent + (last ? "    " : "│   "));
    }
  }
}
