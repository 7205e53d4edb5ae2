package io.flotilla.api.agent;

/**
 * Where the {@code microsoft.flux} extension's settings live in the cluster, shared by the agent
 * (which writes them) and the controllers (which honour them and acknowledge).
 *
 * <p>The agent writes {@code configurationSettings} into the ConfigMap {@link #SETTINGS_CONFIG_MAP}
 * in {@link #NAMESPACE}, annotated with the extension's version ({@link #VERSION_ANNOTATION});
 * protected settings go only to the Secret {@link #PROTECTED_SECRET}. The controllers, once they
 * run with the settings, copy the version to {@link #APPLIED_ANNOTATION} and describe the outcome
 * in {@link #RESULT_ANNOTATION} (a JSON list of {@link ExtensionStatus.Status}).
 */
public final class FluxExtension {
  public static final String EXTENSION_TYPE = "microsoft.flux";
  public static final String NAMESPACE = "flux-system";
  public static final String SETTINGS_CONFIG_MAP = "flux-extension-settings";
  public static final String PROTECTED_SECRET = "flux-extension-protected-settings";
  public static final String VERSION_ANNOTATION = "clusterconfig.azure.com/extension-version";
  public static final String APPLIED_ANNOTATION = "clusterconfig.azure.com/applied-version";
  public static final String RESULT_ANNOTATION = "clusterconfig.azure.com/applied-result";

  private FluxExtension() {}
}
