/**
 * {@code k8s-configuration flux assignment …}: Flotilla's fluxConfigurationAssignments, one
 * configuration template applied to every cluster of a subscription or resource group.
 */
package io.flotilla.cli.assignment;
