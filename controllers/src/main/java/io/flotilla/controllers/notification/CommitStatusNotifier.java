package io.flotilla.controllers.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flotilla.controllers.runtime.FluxEvent;

/**
 * The commit-status providers ({@code github}, {@code gitlab}, {@code gitea}, {@code bitbucket},
 * {@code bitbucketserver}, {@code azuredevops}): the event's revision gets a status of context
 * {@code kind/name/<provider uid>}, success for info and failure for error events, the reason as
 * description; progress events are not reported; the commit's statuses are read first and a status
 * equal to the latest of its context is not written again.
 */
final class CommitStatusNotifier implements Notifier {
  private final ProviderConfig p;
  private final Forge forge;

  CommitStatusNotifier(ProviderConfig p) throws DeliveryException {
    this.p = p;
    this.forge = Forge.of(p);
  }

  @Override
  public void post(FluxEvent e) throws DeliveryException {
    if (CommitStatus.progressing(e)) {
      return;
    }
    String sha = CommitStatus.commit(e);
    String state = forge.state(FluxEvent.ERROR.equals(e.severity()));
    String id = CommitStatus.id(p.uid(), e);
    String description = CommitStatus.description(e);
    String listed = Http.send(p, "GET", forge.listUrl(sha), null, null, forge.headers());
    try {
      String[] latest = forge.latest(Http.JSON.readTree(listed), id);
      if (latest != null && latest[0].equals(state) && latest[1].equals(description)) {
        return;
      }
    } catch (JsonProcessingException ex) {
      // an unreadable listing: write the status, as a duplicate costs less than a lost one
    }
    Http.postJson(p, forge.createUrl(sha), forge.body(state, id, description), forge.headers());
  }
}
