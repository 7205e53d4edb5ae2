package io.flotilla.kube.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.http.HttpApi;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests become authorization attributes exactly as kube-apiserver's request-info parser. */
class AttributesTest {
  private static final UserInfo U = new UserInfo("u", "", List.of());

  @ParameterizedTest(name = "{0} {1} -> {3} {4}/{5}/{6} ns={7} name={8}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          GET    | /api/v1/namespaces/a/pods           | null                          | list   | true  | ''   | pods        | ''     | a  | ''
          GET    | /api/v1/namespaces/a/pods           | watch=true                    | watch  | true  | ''   | pods        | ''     | a  | ''
          GET    | /api/v1/namespaces/a/pods           | fieldSelector=metadata.name=x | list   | true  | ''   | pods        | ''     | a  | x
          GET    | /api/v1/watch/namespaces/a/pods/x   | null                          | watch  | true  | ''   | pods        | ''     | a  | x
          GET    | /api/v1/namespaces/a/pods/x         | watch=true                    | get    | true  | ''   | pods        | ''     | a  | x
          GET    | /api/v1/namespaces/a                | null                          | get    | true  | ''   | namespaces  | ''     | a  | a
          PUT    | /api/v1/namespaces/a/finalize       | null                          | update | true  | ''   | namespaces  | finalize | a | a
          GET    | /api/v1/namespaces                  | null                          | list   | true  | ''   | namespaces  | ''     | '' | ''
          POST   | /apis/apps/v1/namespaces/b/deployments | null                       | create | true  | apps | deployments | ''     | b  | ''
          PATCH  | /apis/apps/v1/namespaces/b/deployments/w/status | null              | patch  | true  | apps | deployments | status | b  | w
          DELETE | /apis/apps/v1/namespaces/b/deployments | null                       | deletecollection | true | apps | deployments | '' | b | ''
          DELETE | /apis/rbac.authorization.k8s.io/v1/clusterroles/x | null            | delete | true  | rbac.authorization.k8s.io | clusterroles | '' | '' | x
          GET    | /apis/apps/v1/deployments           | null                          | list   | true  | apps | deployments | ''     | '' | ''
          GET    | /apis/apps/v1                       | null                          | get    | false | ''   | ''          | ''     | '' | ''
          GET    | /api/v1                             | null                          | get    | false | ''   | ''          | ''     | '' | ''
          GET    | /version                            | null                          | get    | false | ''   | ''          | ''     | '' | ''
          """)
  void requestInfo(
      String method,
      String path,
      String query,
      String verb,
      boolean resourceRequest,
      String group,
      String resource,
      String sub,
      String ns,
      String name) {
    Attributes a = Attributes.parse(U, method, path, HttpApi.query(query));
    assertThat(a.verb()).isEqualTo(verb);
    assertThat(a.resourceRequest()).isEqualTo(resourceRequest);
    assertThat(a.apiGroup()).isEqualTo(group);
    assertThat(a.resource()).isEqualTo(resource);
    assertThat(a.subresource()).isEqualTo(sub);
    assertThat(a.namespace()).isEqualTo(ns);
    assertThat(a.name()).isEqualTo(name);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          deployments.apps "web" is forbidden: User "system:serviceaccount:team-a:flux-applier" cannot get resource "deployments" in API group "apps" in the namespace "team-b" | get | apps | deployments | '' | team-b | web
          clusterroles.rbac.authorization.k8s.io is forbidden: User "system:serviceaccount:team-a:flux-applier" cannot create resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope | create | rbac.authorization.k8s.io | clusterroles | '' | '' | ''
          deployments.apps "web" is forbidden: User "system:serviceaccount:team-a:flux-applier" cannot patch resource "deployments/status" in API group "apps" in the namespace "team-a" | patch | apps | deployments | status | team-a | web
          """)
  void forbiddenMessages(
      String message,
      String verb,
      String group,
      String resource,
      String sub,
      String ns,
      String name) {
    UserInfo sa = UserInfo.serviceAccount("team-a", "flux-applier", "");
    ApiException e =
        Authorization.forbidden(Attributes.resource(sa, verb, group, resource, sub, ns, name), "");
    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(e.code).isEqualTo(403);
    assertThat(e.toStatus().path("details").path("kind").asText()).isEqualTo(resource);
  }
}
