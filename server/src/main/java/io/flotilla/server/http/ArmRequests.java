package io.flotilla.server.http;

import io.flotilla.api.arm.ClusterRef;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Reading the ARM parts of a request: the cluster in the path, api-version, our own base URL. */
public final class ArmRequests {
  public static final String ACTOR = "flotilla.actor";

  private ArmRequests() {}

  /** The cluster of {@code …/providers/{rp}/{type}/{cluster}/providers/…} paths. */
  public static ClusterRef clusterRef(Context ctx) {
    return new ClusterRef(
        ctx.pathParam("sub"),
        ctx.pathParam("rg"),
        ctx.pathParam("rp"),
        ctx.pathParam("type"),
        ctx.pathParam("cluster"));
  }

  public static String apiVersion(Context ctx) {
    return ctx.queryParam("api-version");
  }

  /** {@code http://host:port} as the client reached us, for Azure-AsyncOperation and nextLink. */
  public static String baseUrl(Context ctx) {
    return ctx.scheme() + "://" + ctx.host();
  }

  /** The authenticated caller, for systemData and the audit log. */
  public static String actor(Context ctx) {
    String a = ctx.attribute(ACTOR);
    return a == null ? "unknown" : a;
  }

  public static String operationUrl(Context ctx, String resourceId, String operationId) {
    return baseUrl(ctx)
        + resourceId
        + "/operations/"
        + operationId
        + "?api-version="
        + URLEncoder.encode(apiVersion(ctx), StandardCharsets.UTF_8);
  }

  /** The LRO headers ARM sends with 201/202. */
  public static void asyncHeaders(Context ctx, String resourceId, String operationId) {
    String url = operationUrl(ctx, resourceId, operationId);
    ctx.header("Azure-AsyncOperation", url);
    ctx.header("Operation-Location", url);
    ctx.header("Retry-After", "2");
  }
}
