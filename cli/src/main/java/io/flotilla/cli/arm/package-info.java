/**
 * The CLI's client of the service's ARM API: requests with the bearer token and the config's server
 * ({@code ArmClient}), ARM error bodies as az prints them ({@code ArmHttpException}), TLS failures
 * with how to trust the CA, and az's long-running-operation polling with its progress line.
 */
package io.flotilla.cli.arm;
