package io.flotilla.kube.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * Options every write carries.
 *
 * @param fieldValidation {@code Ignore}, {@code Warn} (null means Warn) or {@code Strict}
 * @param warnings collects the {@code Warning} headers the answer carries
 */
public record WriteOpts(
    boolean dryRun,
    String fieldManager,
    boolean force,
    String userAgent,
    String fieldValidation,
    List<String> warnings) {
  public WriteOpts(boolean dryRun, String fieldManager, boolean force, String userAgent) {
    this(dryRun, fieldManager, force, userAgent, null, new ArrayList<>());
  }

  public static WriteOpts internal(String manager) {
    return new WriteOpts(false, manager, true, manager, Admission.IGNORE, new ArrayList<>());
  }

  public void warn(String warning) {
    if (warnings != null && !warnings.contains(warning)) {
      warnings.add(warning);
    }
  }

  public String manager() {
    if (fieldManager != null && !fieldManager.isEmpty()) {
      return fieldManager;
    }
    String ua = userAgent == null || userAgent.isEmpty() ? "unknown" : userAgent;
    int slash = ua.indexOf('/');
    return slash > 0 ? ua.substring(0, slash) : ua;
  }
}
