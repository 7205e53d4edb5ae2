/**
 * The vocabulary every part shares: Jackson tree helpers ({@code Json}), {@code ResourceType},
 * Kubernetes Status errors ({@code ApiException}, {@code FieldErrors}), query parameters, and the
 * Go-compatible text formats the API's messages and columns use (quoting, base64, durations,
 * quantities).
 */
package io.flotilla.kube.base;
