package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource in a build: its object plus what kustomize remembers about it — the ids it had
 * before renames (for name references and patch targets) and whether it came from a generator that
 * wants a content hash appended to its name.
 */
final class Res {
  ObjectNode obj;
  final List<ResId> previous = new ArrayList<>();
  boolean needsHash;

  /** The generator's behavior (create/merge/replace), or null for plain resources. */
  String behavior;

  /** Where it came from, as buildMetadata's originAnnotations writes it. */
  String origin;

  /** The transformers that ran over it, as buildMetadata's transformerAnnotations lists them. */
  final List<String> transformations = new ArrayList<>();

  Res(ObjectNode obj) {
    this.obj = obj;
  }

  ResId id() {
    return ResId.of(obj);
  }

  /** The id it was loaded or generated with. */
  ResId origin() {
    return previous.isEmpty() ? id() : previous.get(0);
  }

  /** Every name this resource has had, oldest first, ending with the current one. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    for (ResId p : previous) out.add(p.name());
    out.add(id().name());
    return out;
  }

  String name() {
    return obj.path("metadata").path("name").asText("");
  }

  String namespace() {
    return obj.path("metadata").path("namespace").asText("");
  }

  Res copy() {
    Res r = new Res(obj.deepCopy());
    r.previous.addAll(previous);
    r.needsHash = needsHash;
    r.behavior = behavior;
    r.origin = origin;
    r.transformations.addAll(transformations);
    return r;
  }
}
