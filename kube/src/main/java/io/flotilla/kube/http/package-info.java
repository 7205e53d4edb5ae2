/**
 * The HTTP face: routing and content negotiation (JSON, YAML, protobuf, Table), discovery and
 * OpenAPI endpoints, watches, query parameter rules, the scale subresource, and the TLS serving
 * certificate. ApiRequest is what a request listener sees.
 */
package io.flotilla.kube.http;
