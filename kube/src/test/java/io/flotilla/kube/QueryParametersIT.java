package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Query parameters that change a request's meaning are honoured or refused loudly: never ignored.
 * Options are checked as the real server checks its option structs.
 */
class QueryParametersIT extends KubeTestSupport {

  @Test
  void anUnknownFieldValidationDirectiveIsInvalid() {
    HttpResponse<String> r =
        postConfigMap(newNamespace(), "?fieldValidation=Loud", "{\"metadata\":{\"name\":\"a\"}}");
    assertThat(statusMessage(r, 422))
        .isEqualTo(
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value:"
                + " \"Loud\": supported values: \"Ignore\", \"Warn\", \"Strict\"");
  }

  @Test
  void forceIsOnlyForServerSideApply() {
    String ns = newNamespace();
    String path = "/api/v1/namespaces/" + ns + "/configmaps/a";
    postConfigMap(ns, "{\"metadata\":{\"name\":\"a\"}}");
    HttpResponse<String> r =
        raw("PATCH", path + "?force=true", "application/merge-patch+json", "{\"data\":{}}");
    assertThat(statusMessage(r, 422))
        .isEqualTo(
            "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for"
                + " non-apply patch");
  }

  @Test
  void resourceVersionMatchNeedsAResourceVersion() {
    HttpResponse<String> r =
        raw("GET", "/api/v1/configmaps?resourceVersionMatch=NotOlderThan", null, null);
    assertThat(statusMessage(r, 422))
        .isEqualTo(
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden:"
                + " resourceVersionMatch is forbidden unless resourceVersion is provided");
  }

  @Test
  void notOlderThanListsTheNewestState() {
    String rv =
        json(raw("GET", "/api/v1/namespaces", null, null)).at("/metadata/resourceVersion").asText();
    HttpResponse<String> r =
        raw(
            "GET",
            "/api/v1/namespaces?resourceVersion=" + rv + "&resourceVersionMatch=NotOlderThan",
            null,
            null);
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void anExactListOfAnOlderVersionIsNotImplemented() {
    newNamespace();
    HttpResponse<String> r =
        raw("GET", "/api/v1/namespaces?resourceVersion=1&resourceVersionMatch=Exact", null, null);
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(json(r).path("reason").asText()).isEqualTo("NotImplemented");
    assertThat(json(r).path("message").asText())
        .startsWith("the embedded API server does not implement GET /api/v1/namespaces");
  }

  @Test
  void streamingListsAreNotImplemented() {
    HttpResponse<String> r =
        raw(
            "GET",
            "/api/v1/configmaps?watch=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            null,
            null);
    assertThat(statusMessage(r, 501))
        .startsWith("the embedded API server does not implement GET /api/v1/configmaps");
  }

  @Test
  void subresourcesNotServedAreNotImplemented() {
    String ns = newNamespace();
    HttpResponse<String> r = raw("GET", "/api/v1/namespaces/" + ns + "/pods/web/log", null, null);
    assertThat(statusMessage(r, 501))
        .isEqualTo(
            "the embedded API server does not implement GET /api/v1/namespaces/"
                + ns
                + "/pods/web/log");
  }
}
