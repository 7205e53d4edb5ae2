package io.flotilla.api.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.flotilla.api.RecordBuilder;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.api.flux.meta.KubeConfigReference;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code Kustomization.spec} (v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KustomizationSpec(
    NamespacedObjectKindReference sourceRef,
    String path,
    String interval,
    String retryInterval,
    String timeout,
    Boolean prune,
    String deletionPolicy,
    @JsonProperty("wait") Boolean waitForHealth,
    Boolean force,
    List<DependencyReference> dependsOn,
    List<NamespacedObjectKindReference> healthChecks,
    String targetNamespace,
    String namePrefix,
    String nameSuffix,
    String serviceAccountName,
    Boolean suspend,
    PostBuild postBuild,
    CommonMetadata commonMetadata,
    List<Patch> patches,
    List<Image> images,
    List<String> components,
    List<CustomHealthCheck> healthCheckExprs,
    KubeConfigReference kubeConfig,
    Decryption decryption) {

  private static final KustomizationSpec EMPTY =
      new KustomizationSpec(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null);

  /**
   * A spec with only the fields {@code fields} sets, named where the canonical constructor is
   * positional: {@code KustomizationSpec.of(b -> { b.path = "./app"; b.prune = true; })}.
   */
  public static KustomizationSpec of(Consumer<Builder> fields) {
    return EMPTY.with(fields);
  }

  /** This spec with {@code decryption}. */
  public KustomizationSpec withDecryption(Decryption d) {
    return with(b -> b.decryption = d);
  }

  /** This spec with the fields {@code edit} sets on a {@link Builder} that starts as a copy. */
  public KustomizationSpec with(Consumer<Builder> edit) {
    return RecordBuilder.edit(new Builder(this), edit);
  }

  /**
   * The fields of a spec to change, the one place that copies them all (the shape of JEP 468's
   * derived record creation, {@code spec with { field = value; }}).
   */
  public static final class Builder extends RecordBuilder<KustomizationSpec> {
    public NamespacedObjectKindReference sourceRef;
    public String path;
    public String interval;
    public String retryInterval;
    public String timeout;
    public Boolean prune;
    public String deletionPolicy;
    public Boolean waitForHealth;
    public Boolean force;
    public List<DependencyReference> dependsOn;
    public List<NamespacedObjectKindReference> healthChecks;
    public String targetNamespace;
    public String namePrefix;
    public String nameSuffix;
    public String serviceAccountName;
    public Boolean suspend;
    public PostBuild postBuild;
    public CommonMetadata commonMetadata;
    public List<Patch> patches;
    public List<Image> images;
    public List<String> components;
    public List<CustomHealthCheck> healthCheckExprs;
    public KubeConfigReference kubeConfig;
    public Decryption decryption;

    private Builder(KustomizationSpec s) {
      super(s);
    }
  }

  /** Labels and annotations added to every object, without touching selectors. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CommonMetadata(Map<String, String> labels, Map<String, String> annotations) {}

  /** A strategic-merge or JSON 6902 patch and the objects it targets. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Patch(String patch, Selector target) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Selector(
      String group,
      String version,
      String kind,
      String name,
      String namespace,
      String labelSelector,
      String annotationSelector) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Image(String name, String newName, String newTag, String digest) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PostBuild(
      Map<String, String> substitute, List<SubstituteReference> substituteFrom) {}

  /**
   * How to decrypt the build's secrets: provider {@code sops} with the keys of {@code secretRef}
   * ({@code *.agekey}, {@code *.asc}, {@code sops.azure-kv}, {@code sops.vault-token}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Decryption(
      @io.fabric8.generator.annotation.Required String provider,
      LocalObjectReference secretRef,
      String serviceAccountName) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubstituteReference(String kind, String name, Boolean optional) {}
}
