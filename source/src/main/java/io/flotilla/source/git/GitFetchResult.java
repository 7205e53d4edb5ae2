package io.flotilla.source.git;

import java.nio.file.Path;

/**
 * A checked-out commit: {@code revision} in Flux's format ({@code main@sha1:<hex>}, {@code
 * v1.0.0@sha1:<hex>} or {@code sha1:<hex>}), the 40-hex {@code commit}, and the work tree it was
 * checked out into (which contains a {@code .git} directory; packing excludes it).
 */
public record GitFetchResult(String revision, String commit, Path workTree) {}
