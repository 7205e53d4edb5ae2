package io.flotilla.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.FluxCrds;

/** Installs the CRDs generated from the api types and waits until they are established. */
public final class Crds {
  private Crds() {}

  public static void install(KubernetesClient client) {
    FluxCrds.install(client);
  }
}
