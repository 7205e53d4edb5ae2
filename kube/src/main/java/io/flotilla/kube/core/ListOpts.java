package io.flotilla.kube.core;

/** Options of a list: selectors, page size (0: all) and the continue token of the previous page. */
public record ListOpts(
    String labelSelector, String fieldSelector, long limit, String continueToken) {}
