/**
 * Server-side apply and patches: field sets, list keys (map-type lists), managedFields bookkeeping
 * with conflicts, JSON patch, merge patch and strategic merge patch.
 */
package io.flotilla.kube.apply;
