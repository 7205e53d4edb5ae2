/**
 * {@code connectedk8s connect|list|show|delete}; {@code connect} installs the agent through a
 * {@link io.flotilla.cli.ClusterInstaller} found at run time.
 */
package io.flotilla.cli.cluster;
