/**
 * Admission: defaulting and validation of objects before they are stored (object metadata, per-kind
 * rules, CronJob schedules, unknown-field handling) and the options a write carries (WriteOpts).
 * Knows nothing of the API core; the core calls it.
 */
package io.flotilla.kube.admission;
