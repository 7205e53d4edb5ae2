package io.flotilla.server.joined;

import io.flotilla.server.http.ArmException;
import io.javalin.Javalin;
import java.util.function.Supplier;

/**
 * The {@code Flotilla.GitOps/gitopsClusters} routes, registered once at start and answered by
 * whatever {@code current} gives: a 404 that says how to watch a management cluster while it gives
 * null. Authorization has run before routing (the action is {@link GitopsClusterId#READ_ACTION}).
 */
public final class JoinedClusterRoutes {
  private static final String RG = "/subscriptions/{sub}/resourceGroups/{rg}";
  private static final String TYPE =
      "/providers/" + GitopsClusterId.PROVIDER + "/" + GitopsClusterId.TYPE;

  private final Supplier<JoinedClusters> current;

  private JoinedClusterRoutes(Supplier<JoinedClusters> current) {
    this.current = current;
  }

  public static void register(Javalin app, Supplier<JoinedClusters> current) {
    var r = new JoinedClusterRoutes(current);
    app.get("/subscriptions/{sub}" + TYPE, ctx -> r.clusters().answerList(ctx, null));
    app.get(RG + TYPE, ctx -> r.clusters().answerList(ctx, ctx.pathParam("rg")));
    app.get(RG + TYPE + "/{name}", ctx -> r.clusters().answerOne(ctx));
    app.get(RG + TYPE + "/{name}/fluxObjects", ctx -> r.clusters().answerFluxObjects(ctx));
  }

  private JoinedClusters clusters() {
    JoinedClusters c = current.get();
    if (c == null) {
      throw new ArmException(
          404,
          "NotFound",
          "No management cluster is watched, so there are no GitopsClusters: run flotilla up, or"
              + " start the service with --management-kubeconfig.");
    }
    return c;
  }
}
