-- Protected settings are part of a template revision (issue 19 item 2): a Staged assignment's new
-- settings reach a cluster with the revision a rollout pins for it, and a rollback gives the old
-- ones back. Sealed (ciphertext) as in flux_configuration_assignments; revisions written before
-- this get the assignment's current settings (what every cluster got until now).
ALTER TABLE flux_configuration_assignment_revisions ADD COLUMN protected_settings TEXT;
UPDATE flux_configuration_assignment_revisions SET protected_settings =
    (SELECT a.protected_settings FROM flux_configuration_assignments a
      WHERE a.resource_key = flux_configuration_assignment_revisions.assignment_key);
