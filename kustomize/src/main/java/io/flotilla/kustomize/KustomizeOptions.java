package io.flotilla.kustomize;

/**
 * How to build.
 *
 * @param generateKustomization when the build directory has no kustomization file, generate one
 *     listing its manifests as Flux's kustomize-controller does (plain kustomize refuses instead)
 * @param order output order: {@link Order#LEGACY} is {@code kustomize build}'s default, {@link
 *     Order#FIFO} keeps the depth-first input order
 * @param maxFileBytes the largest file the loader reads
 */
public record KustomizeOptions(boolean generateKustomization, Order order, long maxFileBytes) {

  /** Output order of resources. */
  public enum Order {
    /** kustomize's legacy kind order (Namespace, CRDs, RBAC, ConfigMaps … webhooks last). */
    LEGACY,
    /** Depth-first input order, as listed by the kustomization files. */
    FIFO
  }

  public static KustomizeOptions defaults() {
    return new KustomizeOptions(true, Order.LEGACY, 10L << 20);
  }

  public KustomizeOptions withGenerateKustomization(boolean generate) {
    return new KustomizeOptions(generate, order, maxFileBytes);
  }

  public KustomizeOptions withOrder(Order order) {
    return new KustomizeOptions(generateKustomization, order, maxFileBytes);
  }

  public KustomizeOptions withMaxFileBytes(long max) {
    return new KustomizeOptions(generateKustomization, order, max);
  }
}
