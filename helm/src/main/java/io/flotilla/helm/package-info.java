/**
 * The Helm release engine: charts loaded from packaged archives, rendered by Helm's own template
 * engine (helm-java), releases stored exactly as Helm stores them, and applied with server-side
 * apply through {@code io.flotilla.apply}. Knows nothing of controllers; {@link
 * io.flotilla.helm.Releases} is its face.
 */
package io.flotilla.helm;
