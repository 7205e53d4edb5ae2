package io.flotilla.server.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.store.AuditLog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Who changed what: {@code POST <scope>/providers/Microsoft.Flotilla/auditLog/list} at a
 * subscription, resource group or cluster scope lists the audit rows about that scope and
 * everything under it, newest first. A POST action, as Azure's sensitive reads are ({@code
 * listKeys}, {@code listClusterUserCredential}): its action {@code
 * Microsoft.Flotilla/auditLog/list/action} is granted by Owner and Contributor, not by Reader's
 * {@code *}{@code /read}.
 */
final class AuditLogController {
  static final String PATH = "/providers/Microsoft.Flotilla/auditLog/list";
  static final int DEFAULT_TOP = 100;
  static final int MAX_TOP = 1000;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> SCOPES =
      List.of(
          "/subscriptions/{sub}",
          "/subscriptions/{sub}/resourceGroups/{rg}",
          "/subscriptions/{sub}/resourceGroups/{rg}/providers/{rp}/{type}/{cluster}");

  private final Jdbi jdbi;

  AuditLogController(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  void routes(Javalin app) {
    for (String scope : SCOPES) {
      app.post(scope + PATH, this::list);
    }
  }

  private void list(Context ctx) {
    String path = ctx.path();
    String scope =
        path.substring(0, path.toLowerCase(Locale.ROOT).lastIndexOf(PATH.toLowerCase(Locale.ROOT)));
    int top = top(ctx.queryParam("$top"));
    Long before = skipToken(ctx.queryParam("$skipToken"));
    List<AuditLog.Entry> rows = jdbi.withHandle(h -> AuditLog.under(h, scope, before, top + 1));
    boolean more = rows.size() > top;
    List<AuditLog.Entry> page = more ? rows.subList(0, top) : rows;
    ArrayNode value = F.arrayNode();
    for (AuditLog.Entry entry : page) {
      AuditLog.Write e = entry.write();
      ObjectNode o = value.addObject();
      o.put("eventTimestamp", e.at().toString());
      o.put("caller", e.actor());
      o.put("principalId", e.principalId());
      o.put("principalType", e.principalType());
      o.put("operationName", e.action());
      o.put("resourceId", e.resource());
      o.put("detail", e.detail());
    }
    ObjectNode body = F.objectNode();
    body.set("value", value);
    if (more) {
      body.put(
          "nextLink",
          ctx.scheme()
              + "://"
              + ctx.host()
              + path
              + "?api-version="
              + ctx.queryParam("api-version")
              + "&$top="
              + top
              + "&$skipToken="
              + page.get(page.size() - 1).id());
    }
    ctx.json(body);
  }

  private static int top(String raw) {
    if (raw == null) {
      return DEFAULT_TOP;
    }
    try {
      int n = Integer.parseInt(raw.strip());
      if (n >= 1 && n <= MAX_TOP) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new ArmException(
        400,
        "InvalidParameter",
        "$top must be a whole number from 1 to " + MAX_TOP + "; got '" + raw + "'.",
        "$top");
  }

  private static Long skipToken(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new ArmException(
          400,
          "InvalidParameter",
          "$skipToken is not one this service gave out; follow the nextLink of the previous page.",
          "$skipToken");
    }
  }
}
