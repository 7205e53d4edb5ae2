package io.flotilla.kube.http;

import static io.flotilla.kube.http.Exchanges.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.DeleteOpts;
import io.flotilla.kube.proto.ProtoWire;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A DELETE's options (query and DeleteOptions body, JSON or protobuf) and its success Status. */
final class DeleteRequests {
  private DeleteRequests() {}

  static DeleteOpts options(HttpExchange ex, Map<String, List<String>> q, boolean dryRun)
      throws IOException {
    String policy = first(q, "propagationPolicy");
    if ("true".equals(first(q, "orphanDependents"))) {
      policy = "Orphan";
    }
    String uid = null;
    String rv = null;
    byte[] body = Exchanges.readBody(ex);
    if (body.length > 0) {
      JsonNode opts =
          ProtoWire.hasMagic(body) ? ProtoWire.decodeDeleteOptions(body) : Json.parse(body);
      if (opts.hasNonNull("propagationPolicy")) {
        policy = opts.get("propagationPolicy").asText();
      }
      if (opts.path("orphanDependents").asBoolean(false)) {
        policy = "Orphan";
      }
      uid = Json.text(opts, "preconditions", "uid");
      rv = Json.text(opts, "preconditions", "resourceVersion");
      for (JsonNode d : opts.path("dryRun")) {
        dryRun |= d.asText().equals("All");
      }
    }
    if (policy != null && !List.of("Orphan", "Background", "Foreground").contains(policy)) {
      throw ApiException.badRequest(
          "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \""
              + policy
              + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
    }
    return new DeleteOpts(dryRun, policy, uid, rv);
  }

  /** The Status kube-apiserver answers for a built-in object that is gone at once. */
  static ObjectNode success(ResourceType t, String name, ObjectNode gone) {
    ObjectNode s = Json.object();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Success");
    ObjectNode details = s.putObject("details");
    details.put("name", name);
    if (!t.group().isEmpty()) {
      details.put("group", t.group());
    }
    details.put("kind", t.plural());
    details.put("uid", Json.text(gone, "metadata", "uid"));
    return s;
  }
}
