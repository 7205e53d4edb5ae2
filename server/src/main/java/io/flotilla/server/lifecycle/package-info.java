/**
 * The ARM lifecycle every child resource of a cluster shares (flux configurations, extensions): the
 * write transaction on the cluster's row, ETag preconditions, long-running operations, the turn to
 * Deleting, force delete, sealed protected settings and the audit rows; and the HTTP they answer
 * alike ({@link io.flotilla.server.lifecycle.ChildResourceController}: routes, DELETE, the PUT
 * answer and PATCH bodies). Each resource type keeps its own rules and rows; this package knows
 * neither.
 */
package io.flotilla.server.lifecycle;
