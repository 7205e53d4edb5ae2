package io.flotilla.cli.flux;

import static io.flotilla.cli.flux.FluxClusterIT.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --as}/{@code --as-group}: the request is made as that user, so RBAC decides for it. */
class FluxImpersonationIT {
  @TempDir Path dir;

  @Test
  void asAndAsGroupImpersonate() {
    try (FluxCluster rbac = FluxCluster.startWithRbac(dir)) {
      var admin = rbac.run("flux", "get", "ks");
      assertThat(admin.exitCode()).isZero();

      var jane = rbac.run("flux", "get", "ks", "--as=jane");
      assertThat(jane.exitCode()).isEqualTo(1);
      assertThat(jane.err()).contains("\"jane\"").contains("forbidden");

      var janeAsAdmin = rbac.run("flux", "get", "ks", "--as=jane", "--as-group=system:masters");
      assertThat(janeAsAdmin.err()).doesNotContain("forbidden");
      assertThat(janeAsAdmin.exitCode()).isZero();

      var groupOnly = rbac.run("flux", "get", "ks", "--as-group=system:masters");
      assertFails(
          groupOnly, "✗ requesting uid, groups or user-extra for  without impersonating a user\n");
    }
  }
}
