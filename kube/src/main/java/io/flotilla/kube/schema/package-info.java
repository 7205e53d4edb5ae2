/**
 * Schemas: the structural schema of a CRD version (validation, pruning, defaulting), the built-in
 * kinds' OpenAPI definitions and field sets (read from resources generated at build time by
 * BuiltinSchemasGenerator), and the OpenAPI v2/v3 documents built from them and from CRDs.
 */
package io.flotilla.kube.schema;
