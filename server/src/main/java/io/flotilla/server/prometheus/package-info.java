/**
 * Prometheus text as Go's client_golang writes it ({@code le}/{@code quantile} label values in Go's
 * float spelling), for every Flotilla process's {@code /metrics}: the service's here, and the
 * controller's and agent's ({@code app.ops}), so that Flux's and controller-runtime's dashboards
 * match their series. Depends on nothing else in the service.
 */
package io.flotilla.server.prometheus;
