/**
 * Storage: the in-memory object store with resource versions and its change feed, the write-ahead
 * log and snapshots that persist it, and label/field selectors over stored objects.
 */
package io.flotilla.kube.store;
