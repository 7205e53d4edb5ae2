package io.flotilla.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ConnectedCluster;
import io.flotilla.api.arm.ResourceList;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/** HTTP for {@code Microsoft.Kubernetes/connectedClusters}. */
public final class ClusterController {
  public static final String PREFIX =
      "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Kubernetes/connectedClusters";
  static final Set<String> TOP_LEVEL =
      Set.of(
          "id", "name", "type", "location", "tags", "identity", "kind", "systemData", "properties");

  private final ClusterService service;

  public ClusterController(ClusterService service) {
    this.service = service;
  }

  public void routes(Javalin app) {
    app.get(PREFIX, this::list);
    app.get("/subscriptions/{sub}/providers/Microsoft.Kubernetes/connectedClusters", this::list);
    app.get(PREFIX + "/{name}", this::get);
    app.put(PREFIX + "/{name}", this::put);
    app.delete(PREFIX + "/{name}", this::delete);
    app.post(PREFIX + "/{name}/issueAgentToken", this::issueAgentToken);
  }

  private static ClusterRef ref(Context ctx) {
    return new ClusterRef(
        ctx.pathParam("sub"),
        ctx.pathParam("rg"),
        "Microsoft.Kubernetes",
        "connectedClusters",
        ctx.pathParam("name"));
  }

  void put(Context ctx) {
    var node = RequestBodies.object(ctx, TOP_LEVEL);
    JsonNode location = node.get("location");
    JsonNode props = node.get("properties");
    String properties = null;
    if (props != null && !props.isNull()) {
      ConnectedCluster.Properties p =
          RequestBodies.convert(props, ConnectedCluster.Properties.class);
      // provisioningState and connectivity are the service's to say, not the caller's.
      properties =
          Json.write(
              new ConnectedCluster.Properties(
                  null, null, null, p.distribution(), p.kubernetesVersion(), p.agentVersion()));
    }
    var result =
        service.put(
            ref(ctx),
            location == null || location.isNull() ? null : location.asText(),
            properties,
            tags(node.get("tags")),
            ArmRequests.actor(ctx),
            Preconditions.of(ctx));
    ctx.header("ETag", result.etag());
    ctx.status(result.created() ? 201 : 200).json(result.resource());
  }

  /** ARM tags: an object of string values; stored as given, null when absent. */
  private static String tags(JsonNode tags) {
    if (tags == null || tags.isNull()) {
      return null;
    }
    if (!tags.isObject()) {
      throw io.flotilla.server.http.ArmException.invalidProperty(
          "tags", "tags must be an object of string values, e.g. {\"env\":\"prod\"}.");
    }
    for (var it = tags.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        throw io.flotilla.server.http.ArmException.invalidProperty(
            "tags." + e.getKey(), "The tag '" + e.getKey() + "' must have a string value.");
      }
    }
    return Json.write(tags);
  }

  void get(Context ctx) {
    var tagged = service.getTagged(ref(ctx));
    Preconditions.answerGet(ctx, tagged.etag(), tagged.resource());
  }

  void list(Context ctx) {
    String rg = ctx.pathParamMap().get("rg");
    ctx.json(new ResourceList<>(service.list(ctx.pathParam("sub"), rg), null));
  }

  void delete(Context ctx) {
    ctx.status(service.delete(ref(ctx), ArmRequests.actor(ctx), Preconditions.of(ctx)) ? 200 : 204);
  }

  void issueAgentToken(Context ctx) {
    var cred = service.issueAgentToken(ref(ctx));
    ctx.json(Map.of("clusterId", cred.clusterId(), "token", cred.token()));
  }
}
