package io.flotilla.kustomize;

/**
 * How to build.
 *
 * @param generateKustomization when the build directory has no kustomization file, generate one
 *     listing its manifests as Flux's kustomize-controller does (plain kustomize refuses instead)
 * @param order output order when the kustomization does not set {@code sortOptions}: {@link
 *     Order#LEGACY} is {@code kustomize build}'s default, {@link Order#FIFO} keeps input order
 * @param maxFileBytes the largest file the loader reads
 * @param loadRestrictionsNone let a kustomization read files outside its own directory (still
 *     inside the build root), like {@code --load-restrictor LoadRestrictionsNone}
 * @param enableHelm allow {@code helmCharts}, like {@code --enable-helm}
 */
public record KustomizeOptions(
    boolean generateKustomization,
    Order order,
    long maxFileBytes,
    boolean loadRestrictionsNone,
    boolean enableHelm) {

  /** Output order of resources. */
  public enum Order {
    /** kustomize's legacy kind order (Namespace, CRDs, RBAC, ConfigMaps … webhooks last). */
    LEGACY,
    /** Depth-first input order, as listed by the kustomization files. */
    FIFO
  }

  public static KustomizeOptions defaults() {
    return new KustomizeOptions(true, Order.LEGACY, 10L << 20, false, false);
  }

  public KustomizeOptions withGenerateKustomization(boolean generate) {
    return new KustomizeOptions(generate, order, maxFileBytes, loadRestrictionsNone, enableHelm);
  }

  public KustomizeOptions withOrder(Order order) {
    return new KustomizeOptions(
        generateKustomization, order, maxFileBytes, loadRestrictionsNone, enableHelm);
  }

  public KustomizeOptions withMaxFileBytes(long max) {
    return new KustomizeOptions(
        generateKustomization, order, max, loadRestrictionsNone, enableHelm);
  }

  public KustomizeOptions withLoadRestrictionsNone(boolean none) {
    return new KustomizeOptions(generateKustomization, order, maxFileBytes, none, enableHelm);
  }

  public KustomizeOptions withEnableHelm(boolean enable) {
    return new KustomizeOptions(
        generateKustomization, order, maxFileBytes, loadRestrictionsNone, enable);
  }
}
