/**
 * {@code k8s-configuration flux create|update|list|show|delete}, its {@code kustomization} and
 * {@code deployed-object} groups: az's source flags and rules per source kind ({@code
 * SourceOptions}, {@code Sources}), kustomization arguments, protected settings and SSH keys, and
 * {@code FluxService}, which reads and writes flux configurations through the ARM API.
 */
package io.flotilla.cli.configuration;
