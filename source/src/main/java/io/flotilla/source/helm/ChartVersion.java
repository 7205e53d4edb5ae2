package io.flotilla.source.helm;

import java.util.List;

/**
 * One version of a chart in a repository index, reduced to what resolution and download need:
 * {@code digest} is the hex sha256 of the {@code .tgz} (may be empty), {@code created} is RFC 3339
 * (may be empty), {@code urls} are absolute or relative to the repository URL (OCI: {@code
 * oci://host/repo/chart:tag}).
 */
public record ChartVersion(
    String name, String version, List<String> urls, String digest, String created) {}
