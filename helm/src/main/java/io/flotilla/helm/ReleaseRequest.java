package io.flotilla.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An install or upgrade: release identity, the values already merged by the caller (valuesFrom then
 * inline values, as Flux merges them), and how to act.
 */
public record ReleaseRequest(
    String releaseName,
    String targetNamespace,
    String storageNamespace,
    ObjectNode values,
    ActionOptions options) {}
