/**
 * The API core: the verbs (create, update, patch, apply, delete, list) on object trees with
 * optimistic concurrency, finalizers, status subresource and server-side apply; the registry of
 * built-in and custom resource types; the garbage collector of owned objects.
 */
package io.flotilla.kube.core;
