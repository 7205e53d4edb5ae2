package io.flotilla.kube.http;

/**
 * One request as it reached the server, before authentication and routing: what a listener set with
 * {@link EmbeddedKubeApi#onRequest} sees (benchmarks count API calls by verb with it).
 *
 * @param method HTTP method
 * @param path raw (still escaped) path, e.g. {@code /apis/apps/v1/namespaces/x/deployments/y}
 * @param query raw query string, or null
 * @param contentType the Content-Type header, or null (tells apply from other patches)
 * @param userAgent the User-Agent header, or null (tells clients apart)
 */
public record ApiRequest(
    String method, String path, String query, String contentType, String userAgent) {}
