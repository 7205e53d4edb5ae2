package io.flotilla.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.ArmRequests;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;

/**
 * HTTP for one type of cluster child resource: its routes under the cluster's extension-resource
 * prefix, the DELETE answer (200, 202 with the LRO headers, or 204) and what PUT, PATCH and GET
 * answer alike. The subclass reads and answers its own bodies through its service {@code S}.
 */
public abstract class ChildResourceController<S extends ChildResourceController.Deletes> {
  /** The service's DELETE of one resource of its type. */
  public interface Deletes {
    ResourceLifecycle.DeleteResult delete(
        ClusterRef ref, String name, boolean force, String actor, Preconditions preconditions);
  }

  private final String collection;
  protected final S service;

  protected ChildResourceController(String collection, S service) {
    this.collection = collection;
    this.service = service;
  }

  public final void routes(Javalin app, String prefix) {
    String base = prefix + "/" + collection;
    app.get(base, this::list);
    app.get(base + "/{name}", this::get);
    app.put(base + "/{name}", this::put);
    app.patch(base + "/{name}", this::patch);
    app.delete(base + "/{name}", this::delete);
    app.get(base + "/{name}/operations/{operationId}", this::operation);
  }

  protected abstract void list(Context ctx);

  protected abstract void get(Context ctx);

  protected abstract void put(Context ctx);

  protected abstract void patch(Context ctx);

  protected abstract void operation(Context ctx);

  /** The resource's ARM id. */
  protected abstract String id(ClusterRef ref, String name);

  /** The resource's name in the path. */
  protected String name(Context ctx) {
    return ctx.pathParam("name");
  }

  private void delete(Context ctx) {
    ClusterRef ref = ArmRequests.clusterRef(ctx);
    boolean force = "true".equalsIgnoreCase(ctx.queryParam("forceDelete"));
    String name = name(ctx);
    var result = service.delete(ref, name, force, ArmRequests.actor(ctx), Preconditions.of(ctx));
    switch (result.outcome()) {
      case ABSENT -> ctx.status(204);
      case DELETED -> ctx.status(200);
      case DELETING -> {
        ArmRequests.asyncHeaders(ctx, id(ref, name), result.operationId());
        ctx.status(202);
      }
    }
  }

  /** A PATCH body's {@code properties}, the only field it may have. */
  protected static ObjectNode patchProperties(Context ctx) {
    var node = RequestBodies.object(ctx, Set.of("properties"));
    JsonNode props = node.get("properties");
    if (props == null || !props.isObject()) {
      throw ArmException.invalidProperty(
          "properties", "A PATCH body is {\"properties\":{…}} with the fields to change.");
    }
    return (ObjectNode) props;
  }

  /** What a stored PUT answers with. */
  public interface Written {
    boolean created();

    Object resource();

    String operationId();

    String etag();
  }

  /** A stored PUT: 201 or 200 with the resource, its ETag and the operation's LRO headers. */
  protected static void putAnswer(Context ctx, String id, Written result) {
    ArmRequests.asyncHeaders(ctx, id, result.operationId());
    ctx.header("ETag", result.etag());
    ctx.status(result.created() ? 201 : 200).json(result.resource());
  }

  /** Which resource a PUT or PATCH writes, who asks, and on which preconditions. */
  protected record Target(ClusterRef ref, String name, String actor, Preconditions preconditions) {}

  protected static Target target(Context ctx) {
    return new Target(
        ArmRequests.clusterRef(ctx),
        ctx.pathParam("name"),
        ArmRequests.actor(ctx),
        Preconditions.of(ctx));
  }
}
