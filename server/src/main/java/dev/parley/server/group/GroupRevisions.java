package dev.parley.server.group;

import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupSend;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.refusal.Answer;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupRevised;
import dev.parley.storage.group.GroupRevision;
import dev.parley.storage.group.GroupStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Posts that edit or delete for everyone an earlier post of the same group. The store appends the
 * post and changes its target in one write, after checking who may (the author edits within {@link
 * #EDIT_WINDOW}; the author or an admin deletes); this class maps the outcome to the wire and pushes
 * the new entry to live members, so devices that already had the target learn of the change.
 */
final class GroupRevisions {
  /** How long after a post was stored its author may still edit it (by the server's clock). */
  static final Duration EDIT_WINDOW = Duration.ofHours(48);

  private final GroupStore groups;
  private final GroupService service;

  GroupRevisions(GroupStore groups, GroupService service) {
    this.groups = groups;
    this.service = service;
  }

  /** The revision a post asks for, or null for an ordinary post. Callers checked at most one is set. */
  static GroupRevision of(GroupSend req) {
    if (req.getEditsSeq() != 0) return new GroupRevision.Edit(req.getEditsSeq(), EDIT_WINDOW.toMillis());
    if (req.getDeletesSeq() != 0) return new GroupRevision.Delete(req.getDeletesSeq());
    return null;
  }

  /** Appends a prepared edit or delete; the fan-out runs on {@code executor}, never on the commit thread. */
  CompletableFuture<Answer<ServerFrame.Builder>> store(GroupService.PreparedPost.Ready post, Executor executor) {
    GroupRevision revision = post.revision();
    return groups.appendRevision(post.message(), revision).thenApplyAsync(outcome -> switch (outcome) {
      case GroupRevised.Stored s -> {
        if (!s.stored().duplicate()) service.route(post.group(), post.message(), s.stored(), revises(revision));
        yield GroupService.sendAck(s.stored());
      }
      case GroupRevised.NotMember n -> refused(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member");
      case GroupRevised.NotAllowed n -> refused(ErrorCode.NOT_ALLOWED, switch (revision) {
        case GroupRevision.Edit e -> "only the author edits a post, where it may post";
        case GroupRevision.Delete d -> "only the author, the owner and admins delete a post";
      });
      case GroupRevised.NoSuchTarget n -> refused(ErrorCode.MESSAGE_NOT_FOUND, "no post " + revision.targetSeq() + " to change");
      case GroupRevised.WindowPassed w ->
          refused(ErrorCode.EDIT_WINDOW_PASSED, "a post can be edited within " + EDIT_WINDOW.toHours() + " h");
    }, executor);
  }

  private static GroupEntry.Revises revises(GroupRevision r) {
    return switch (r) {
      case GroupRevision.Edit e -> new GroupEntry.Revises.EditOf(e.targetSeq());
      case GroupRevision.Delete d -> new GroupEntry.Revises.DeleteOf(d.targetSeq());
    };
  }

  private static Answer<ServerFrame.Builder> refused(ErrorCode code, String message) {
    return Answer.refused(Refusal.of(code, message));
  }
}
