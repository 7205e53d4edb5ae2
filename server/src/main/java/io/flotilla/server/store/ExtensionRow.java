package io.flotilla.server.store;

import java.time.Instant;

/** One row of {@code extensions}: the resource JSON without protected settings, plus ciphertext. */
public record ExtensionRow(
    String clusterId,
    String name,
    String body,
    String sealedProtectedSettings,
    Instant createdAt,
    String createdBy,
    Instant modifiedAt,
    String modifiedBy) {}
