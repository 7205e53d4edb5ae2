package io.flotilla.server.gitops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.gitops.GitopsCluster;
import io.flotilla.server.auth.Principal;
import io.flotilla.server.http.ArmErrors;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.joined.GitopsClusterId;
import io.flotilla.server.joined.JoinedClusters;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * The answers of the {@code Flotilla.GitOps/gitopsClusters} routes ({@code
 * server.joined.JoinedClusterRoutes} registers them). Authorization has run before routing (the
 * action is {@code Flotilla.GitOps/gitopsClusters/read} over the path, so Reader and up at the
 * subscription, the namespace's resource group or the cluster's id may read), hence a 404 or a 304
 * reaches only callers who may read the resource. Answers carry an ETag of their body.
 */
final class GitopsController {
  private final GitopsClusters clusters;

  GitopsController(GitopsClusters clusters) {
    this.clusters = clusters;
  }

  private GitopsClusters clusters() {
    return clusters;
  }

  void list(Context ctx, String namespace) {
    GitopsClusters clusters = clusters();
    String sub = ctx.pathParam("sub");
    Instant now = clusters.clock().instant();
    ArrayNode value = Json.MAPPER.createArrayNode();
    if (sub.equalsIgnoreCase(clusters.subscriptionId())) {
      clusters.watcher().all().stream()
          .filter(gc -> namespace == null || gc.getMetadata().getNamespace().equals(namespace))
          .sorted(
              java.util.Comparator.comparing((GitopsCluster gc) -> gc.getMetadata().getNamespace())
                  .thenComparing(gc -> gc.getMetadata().getName()))
          .forEach(gc -> value.add(resource(clusters, gc, now)));
    }
    answer(ctx, Json.MAPPER.createObjectNode().set("value", value));
  }

  void one(Context ctx) {
    answer(ctx, resource(clusters(), found(ctx), clusters().clock().instant()));
  }

  void fluxObjects(Context ctx) {
    GitopsClusters clusters = clusters();
    GitopsCluster gc = found(ctx);
    Impersonation who = Impersonation.of(Principal.of(ctx));
    if (who == null) {
      throw ArmErrors.forbidden("An agent token cannot read joined clusters.");
    }
    LeafClients.Leaf leaf;
    try {
      leaf = clusters.leaves().client(gc);
    } catch (LeafClients.Unjoinable u) {
      throw new ArmException(
          409,
          "GitopsClusterNotReady",
          "GitopsCluster " + key(gc) + " is not ready: " + u.getMessage());
    }
    FluxObjects.Listing listing;
    try {
      listing = FluxObjects.read(leaf.client(), who);
    } catch (KubernetesClientException e) {
      throw new ArmException(
          502,
          "ClusterNotConnected",
          "Reading the Flux objects of GitopsCluster "
              + key(gc)
              + " failed: "
              + LeafErrors.describe(e, leaf.server()));
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("id", clusters.id(gc).resourceId() + "/fluxObjects");
    body.put("impersonatedUser", who.user());
    body.set("value", Json.MAPPER.valueToTree(listing.items()));
    body.set("unavailable", Json.MAPPER.valueToTree(listing.unavailable()));
    answer(ctx, body);
  }

  private GitopsCluster found(Context ctx) {
    GitopsClusters clusters = clusters();
    GitopsClusterId id =
        new GitopsClusterId(ctx.pathParam("sub"), ctx.pathParam("rg"), ctx.pathParam("name"));
    return clusters
        .find(id)
        .orElseThrow(
            () ->
                new ArmException(
                    404,
                    "ResourceNotFound",
                    "The Resource '"
                        + GitopsClusterId.PROVIDER
                        + "/"
                        + GitopsClusterId.TYPE
                        + "/"
                        + id.name()
                        + "' under resource group '"
                        + id.namespace()
                        + "' was not found."));
  }

  private static ObjectNode resource(GitopsClusters clusters, GitopsCluster gc, Instant now) {
    JoinedClusters.Summary s = clusters.summary(gc, now);
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("id", s.id().resourceId());
    r.put("name", gc.getMetadata().getName());
    r.put("type", GitopsClusterId.PROVIDER + "/" + GitopsClusterId.TYPE);
    ObjectNode p = r.putObject("properties");
    p.put("namespace", gc.getMetadata().getNamespace());
    p.put("apiVersion", GitopsCluster.API_VERSION);
    if (gc.getSpec() != null) {
      p.set("secretRef", Json.MAPPER.valueToTree(gc.getSpec().secretRef()));
      p.set("capiClusterRef", Json.MAPPER.valueToTree(gc.getSpec().capiClusterRef()));
    }
    p.put("bootstrap", s.bootstrap());
    p.put("state", s.state());
    p.put("reason", s.reason());
    p.put("message", s.message());
    p.put("lastChecked", s.checkedAt() == null ? null : s.checkedAt().toString());
    List<?> conditions = gc.getStatus() == null ? List.of() : gc.getStatus().conditions();
    p.set("conditions", Json.MAPPER.valueToTree(conditions == null ? List.of() : conditions));
    return r;
  }

  private static String key(GitopsCluster gc) {
    return gc.getMetadata().getNamespace() + "/" + gc.getMetadata().getName();
  }

  private static void answer(Context ctx, ObjectNode body) {
    String json = body.toString();
    String etag = "\"" + LeafClients.digest(json).substring(0, 32) + "\"";
    ctx.header("ETag", etag);
    if (Preconditions.of(ctx).notModified(etag)) {
      ctx.status(304);
      return;
    }
    ctx.contentType("application/json").result(json);
  }
}
