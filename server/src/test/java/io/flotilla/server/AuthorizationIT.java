package io.flotilla.server;

import static io.flotilla.server.TestServers.AUDIENCE;
import static io.flotilla.server.TestServers.CONTRIBUTOR;
import static io.flotilla.server.TestServers.OWNER;
import static io.flotilla.server.TestServers.READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.flotilla.server.auth.OidcOptions;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ARM route × built-in role × scope: a user holding the role at the scope gets past
 * authorization exactly when the role's actions (written out here by hand, from Azure's role
 * definitions) include the route's action and the scope covers the route; otherwise ARM's 403, word
 * for word — before any 404, so nothing leaks.
 */
class AuthorizationIT {
  static final String SUB = "00000000-0000-0000-0000-0000000000bb";
  static final String RG1 = "/subscriptions/" + SUB + "/resourceGroups/rg1";
  static final String C = RG1 + "/providers/Microsoft.Kubernetes/connectedClusters/c1";
  static final String KC = C + "/providers/Microsoft.KubernetesConfiguration";
  static final String AUTHZ = "/providers/Microsoft.Authorization";

  enum Level {
    SUBSCRIPTION,
    RESOURCE_GROUP,
    CLUSTER
  }

  record Route(String method, String path, String apiVersion, String action, Level level) {
    String scope() {
      return method.equals("POST") ? path.substring(0, path.lastIndexOf('/')) : path;
    }
  }

  static final String FLUX = "Microsoft.KubernetesConfiguration/fluxConfigurations/";
  static final String EXT = "Microsoft.KubernetesConfiguration/extensions/";
  static final String CC = "Microsoft.Kubernetes/connectedClusters/";
  static final String RA = "Microsoft.Authorization/roleAssignments/";
  static final String RD = "Microsoft.Authorization/roleDefinitions/read";
  static final String GC = "Flotilla.GitOps/gitopsClusters/";
  static final String FCR = "Microsoft.KubernetesConfiguration/fluxConfigurationRollouts/";
  // a configuration rollout at the resource group (none exists: allowed requests get 404 or 400)
  static final String R =
      RG1 + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurationRollouts";
  // a GitopsCluster's id: its namespace plays the resource group (none is watched here: 404s)
  static final String G = RG1 + "/providers/Flotilla.GitOps/gitopsClusters/g1";

  static final List<Route> ROUTES =
      List.of(
          new Route(
              "GET",
              "/subscriptions/" + SUB + "/providers/Microsoft.Kubernetes/connectedClusters",
              "2024-01-01",
              CC + "read",
              Level.SUBSCRIPTION),
          new Route(
              "GET",
              RG1 + "/providers/Microsoft.Kubernetes/connectedClusters",
              "2024-01-01",
              CC + "read",
              Level.RESOURCE_GROUP),
          new Route("GET", C, "2024-01-01", CC + "read", Level.CLUSTER),
          new Route("PUT", C, "2024-01-01", CC + "write", Level.CLUSTER),
          new Route("POST", C + "/issueAgentToken", "2024-01-01", CC + "write", Level.CLUSTER),
          new Route("GET", KC + "/fluxConfigurations", "2025-04-01", FLUX + "read", Level.CLUSTER),
          new Route(
              "GET", KC + "/fluxConfigurations/f1", "2025-04-01", FLUX + "read", Level.CLUSTER),
          new Route(
              "PUT", KC + "/fluxConfigurations/f1", "2025-04-01", FLUX + "write", Level.CLUSTER),
          new Route(
              "PATCH", KC + "/fluxConfigurations/f1", "2025-04-01", FLUX + "write", Level.CLUSTER),
          new Route(
              "DELETE",
              KC + "/fluxConfigurations/f1",
              "2025-04-01",
              FLUX + "delete",
              Level.CLUSTER),
          new Route(
              "GET",
              KC + "/fluxConfigurations/f1/operations/op",
              "2025-04-01",
              FLUX + "operations/read",
              Level.CLUSTER),
          new Route("GET", KC + "/extensions", "2025-03-01", EXT + "read", Level.CLUSTER),
          new Route("GET", KC + "/extensions/flux", "2025-03-01", EXT + "read", Level.CLUSTER),
          new Route("PUT", KC + "/extensions/flux", "2025-03-01", EXT + "write", Level.CLUSTER),
          new Route("PATCH", KC + "/extensions/flux", "2025-03-01", EXT + "write", Level.CLUSTER),
          new Route("DELETE", KC + "/extensions/flux", "2025-03-01", EXT + "delete", Level.CLUSTER),
          new Route(
              "GET",
              KC + "/extensions/flux/operations/op",
              "2025-03-01",
              EXT + "operations/read",
              Level.CLUSTER),
          new Route(
              "GET",
              "/subscriptions/" + SUB + AUTHZ + "/roleAssignments",
              "2022-04-01",
              RA + "read",
              Level.SUBSCRIPTION),
          new Route(
              "GET",
              RG1 + AUTHZ + "/roleAssignments",
              "2022-04-01",
              RA + "read",
              Level.RESOURCE_GROUP),
          new Route(
              "PUT",
              C + AUTHZ + "/roleAssignments/" + UUID.randomUUID(),
              "2022-04-01",
              RA + "write",
              Level.CLUSTER),
          new Route(
              "DELETE",
              C + AUTHZ + "/roleAssignments/" + UUID.randomUUID(),
              "2022-04-01",
              RA + "delete",
              Level.CLUSTER),
          new Route(
              "GET",
              "/subscriptions/" + SUB + AUTHZ + "/roleDefinitions",
              "2022-04-01",
              RD,
              Level.SUBSCRIPTION),
          new Route(
              "GET",
              "/subscriptions/" + SUB + "/providers/Flotilla.GitOps/gitopsClusters",
              "2024-06-01",
              GC + "read",
              Level.SUBSCRIPTION),
          new Route(
              "GET",
              RG1 + "/providers/Flotilla.GitOps/gitopsClusters",
              "2024-06-01",
              GC + "read",
              Level.RESOURCE_GROUP),
          new Route("GET", G, "2024-06-01", GC + "read", Level.RESOURCE_GROUP),
          new Route(
              "GET",
              G + "/fluxObjects",
              "2024-06-01",
              GC + "fluxObjects/read",
              Level.RESOURCE_GROUP),
          new Route("GET", R, "2025-04-01", FCR + "read", Level.RESOURCE_GROUP),
          new Route("GET", R + "/r1", "2025-04-01", FCR + "read", Level.RESOURCE_GROUP),
          new Route("PUT", R + "/r1", "2025-04-01", FCR + "write", Level.RESOURCE_GROUP),
          new Route(
              "POST", R + "/r1/pause", "2025-04-01", FCR + "pause/action", Level.RESOURCE_GROUP),
          // last: the cluster goes, and later rows see 404s where allowed — still no 403
          new Route("DELETE", C, "2024-01-01", CC + "delete", Level.CLUSTER));

  /** What each role allows among the routes' actions, from Azure's definitions, by hand. */
  static final Map<String, Set<String>> ROLES = new LinkedHashMap<>();

  static {
    Set<String> reads =
        Set.of(
            CC + "read",
            FLUX + "read",
            FLUX + "operations/read",
            EXT + "read",
            EXT + "operations/read",
            RA + "read",
            RD,
            GC + "read",
            GC + "fluxObjects/read",
            FCR + "read");
    Set<String> all = new java.util.HashSet<>();
    ROUTES.forEach(r -> all.add(r.action()));
    Set<String> contributor = new java.util.HashSet<>(all);
    contributor.removeAll(Set.of(RA + "write", RA + "delete"));
    ROLES.put(READER, reads);
    ROLES.put(CONTRIBUTOR, contributor);
    ROLES.put(OWNER, all);
    ROLES.put( // Kubernetes Extension Contributor
        "85cb6faf-e071-4c9b-8136-154b5a04f717",
        Set.of(
            EXT + "read", EXT + "write", EXT + "delete", EXT + "operations/read", RA + "read", RD));
    ROLES.put( // Kubernetes Cluster - Azure Arc Onboarding
        "34e09817-6cbe-4d01-b1a2-e0eac5743d41", Set.of(CC + "read", CC + "write", RA + "read", RD));
  }

  /** Assignment scopes, and the route levels each covers. */
  static final Map<String, Set<Level>> SCOPES =
      Map.of(
          "/subscriptions/" + SUB,
          Set.of(Level.SUBSCRIPTION, Level.RESOURCE_GROUP, Level.CLUSTER),
          RG1,
          Set.of(Level.RESOURCE_GROUP, Level.CLUSTER),
          C,
          Set.of(Level.CLUSTER),
          "/subscriptions/" + SUB + "/resourceGroups/rg2",
          Set.of());

  record User(String name, String objectId, String role, String scope) {}

  @TempDir Path dir;

  static List<org.junit.jupiter.params.provider.Arguments> databases() {
    return TestDatabases.all();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void everyRouteRoleAndScope(String databaseUrl) throws Exception {
    try (OidcIssuer issuer = OidcIssuer.start();
        ConfigurationServer server =
            ConfigurationServer.start(
                ServerOptions.defaults()
                    .withPort(0)
                    .withDataDir(dir)
                    .withDatabaseUrl(databaseUrl)
                    .withOidc(OidcOptions.of(issuer.issuer(), AUDIENCE)))) {
      Api admin = new Api(server.url(), server.adminToken());
      assertThat(admin.put(C + "?api-version=2024-01-01", "{\"location\":\"local\"}").status())
          .isIn(200, 201);
      List<User> users = new ArrayList<>();
      for (String role : ROLES.keySet()) {
        for (String scope : SCOPES.keySet()) {
          String oid = UUID.randomUUID().toString();
          users.add(new User("user-" + oid.substring(0, 8) + "@example.com", oid, role, scope));
          var r =
              admin.put(
                  scope
                      + AUTHZ
                      + "/roleAssignments/"
                      + UUID.randomUUID()
                      + "?api-version=2022-04-01",
                  "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/"
                      + SUB
                      + "/providers/Microsoft.Authorization/roleDefinitions/"
                      + role
                      + "\",\"principalId\":\""
                      + oid
                      + "\"}}");
          assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
      }
      users.add(new User("nobody@example.com", UUID.randomUUID().toString(), null, null));

      List<String> wrong = new ArrayList<>();
      int checked = 0;
      for (Route route : ROUTES) {
        for (User user : users) {
          boolean expected =
              user.role() != null
                  && ROLES.get(user.role()).contains(route.action())
                  && SCOPES.get(user.scope()).contains(route.level());
          String token =
              issuer.sign(
                  JWSAlgorithm.RS256,
                  c ->
                      c.audience(AUDIENCE)
                          .subject(user.objectId())
                          .claim("preferred_username", user.name()));
          Api.Response r = send(admin.withToken(token), route);
          checked++;
          if (expected && (r.status() == 401 || r.status() == 403)) {
            wrong.add(
                route + " as " + user + ": expected allowed, got " + r.status() + " " + r.body());
          } else if (!expected) {
            String message =
                "The client '"
                    + user.name()
                    + "' with object id '"
                    + user.objectId()
                    + "' does not have authorization to perform action '"
                    + route.action()
                    + "' over scope '"
                    + route.scope()
                    + "' or the scope is invalid. If access was recently granted, please refresh"
                    + " your credentials.";
            if (r.status() != 403
                || !r.errorCode().equals("AuthorizationFailed")
                || !r.errorMessage().equals(message)) {
              wrong.add(
                  route + " as " + user + ": expected 403, got " + r.status() + " " + r.body());
            }
          }
        }
      }
      assertThat(wrong).as("of %d requests", checked).isEmpty();
      assertThat(checked).isEqualTo(ROUTES.size() * (ROLES.size() * SCOPES.size() + 1));

      // who changed what: the request rows name the principal
      try (var c =
              DriverManager.getConnection(
                  databaseUrl == null
                      ? io.flotilla.server.store.Database.h2Url(dir)
                      : databaseUrl);
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT COUNT(*) FROM audit_log WHERE principal_type = 'User' AND action = '"
                          + FLUX
                          + "write' AND detail = 'HTTP 403'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("denied flux writes audited with their principal").isPositive();
      }
    }
  }

  static Api.Response send(Api api, Route route) {
    String url = route.path() + "?api-version=" + route.apiVersion();
    return switch (route.method()) {
      case "GET" -> api.get(url);
      case "DELETE" -> api.delete(url);
      // a body no handler accepts: an allowed write is refused as bad input, changing nothing
      case "PUT" -> api.put(url, "[]");
      case "PATCH" -> api.patch(url, "[]");
      case "POST" -> api.post(url, null);
      default -> throw new IllegalArgumentException(route.method());
    };
  }
}
