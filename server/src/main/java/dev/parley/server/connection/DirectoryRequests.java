package dev.parley.server.connection;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.DeviceRevoked;
import dev.parley.protocol.v1.PrekeysStored;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.group.GroupService;
import dev.parley.server.keys.KeyDirectoryService;
import dev.parley.server.refusal.Answer;
import dev.parley.storage.account.DeviceId;
import dev.parley.server.refusal.Refusal;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An authenticated session's requests besides 1:1 messaging: upload and fetch prekeys, list and
 * revoke devices, issue link codes, and everything about groups and channels. Each is answered when its service completes, on the connection's
 * event loop; the connection stays open whatever the answer.
 */
final class DirectoryRequests {
  /** How answers reach the client. */
  interface Replies {
    void reply(long requestId, ServerFrame.Builder frame);

    void refuse(long requestId, Refusal refusal);

    /** This very device was removed: close after the answer went out. */
    void revokedItself();
  }

  private final Services services;
  private final EventExecutor loop;
  private final Replies replies;
  private final InOrder posts;
  private final Backpressure backpressure;

  DirectoryRequests(Services services, EventExecutor loop, Replies replies, Backpressure backpressure) {
    this.services = services;
    this.loop = loop;
    this.replies = replies;
    this.posts = new InOrder(loop);
    this.backpressure = backpressure;
  }

  /** Handles {@code f} if it is a directory request; false otherwise. */
  boolean handle(AuthenticatedDevice me, ClientFrame f) {
    long rid = f.getRequestId();
    switch (f.getBodyCase()) {
      case UPLOAD_PREKEYS -> answer(rid, services.keys().upload(me, f.getUploadPrekeys()), o -> switch (o) {
        case KeyDirectoryService.UploadOutcome.Stored s -> Answer.ok(ServerFrame.newBuilder().setPrekeysStored(
            PrekeysStored.newBuilder().setOneTimePrekeys(s.counts().oneTimePrekeys()).setKemPrekeys(s.counts().kemPrekeys())));
        case KeyDirectoryService.UploadOutcome.Refused r -> Answer.refused(r.refusal());
      });
      case FETCH_PREKEYS -> answer(rid, services.keys().fetch(f.getFetchPrekeys()), o -> switch (o) {
        case KeyDirectoryService.FetchOutcome.Bundles b -> Answer.ok(ServerFrame.newBuilder().setPrekeyBundles(b.bundles()));
        case KeyDirectoryService.FetchOutcome.Refused r -> Answer.refused(r.refusal());
      });
      case LIST_DEVICES -> answer(rid, services.devices().list(me, f.getListDevices()),
          a -> map(a, list -> ServerFrame.newBuilder().setDeviceList(list)));
      case REVOKE_DEVICE -> answer(rid, services.devices().revoke(me, f.getRevokeDevice().getDeviceId())
              .thenApply(a -> {
                if (a instanceof Answer.Ok<Long> ok) services.accounts().revokeResumption(new DeviceId(ok.value()));
                return a;
              }),
          a -> map(a, id -> ServerFrame.newBuilder().setDeviceRevoked(DeviceRevoked.newBuilder().setDeviceId(id))),
          a -> a instanceof Answer.Ok<Long> ok && ok.value() == me.device().value());
      case CREATE_LINK_CODE -> answer(rid, CompletableFuture.completedFuture(services.devices().createLinkCode(me)),
          a -> map(a, code -> ServerFrame.newBuilder().setLinkCode(code)));
      case CREATE_GROUP -> answer(rid, services.groups().create(me, f.getCreateGroup()), a -> a);
      case ADD_MEMBERS -> answer(rid,
          services.groups().addMembers(me, f.getAddMembers().getGroup(), f.getAddMembers().getUsernamesList()), a -> a);
      case REMOVE_MEMBERS -> answer(rid,
          services.groups().removeMembers(me, f.getRemoveMembers().getGroup(), f.getRemoveMembers().getUsernamesList()), a -> a);
      case LEAVE_GROUP -> answer(rid, services.groups().leave(me, f.getLeaveGroup().getGroup()), a -> a);
      case JOIN_CHANNEL -> answer(rid, services.groups().joinChannel(me, f.getJoinChannel().getName()), a -> a);
      case LIST_MEMBERS -> answer(rid, services.groups().members(
          me, f.getListMembers().getGroup(), f.getListMembers().getAfterUserId(), f.getListMembers().getLimit()), a -> a);
      case LIST_GROUPS -> answer(rid, services.groups().list(me), a -> a);
      case SET_ROLE -> answer(rid, services.groups().setRole(me, f.getSetRole()), a -> a);
      case SYNC -> answer(rid, services.sync().page(me, f.getSync()), a -> a);
      case GET_SYNC_STATE -> answer(rid, services.sync().state(me), a -> a);
      case GET_HISTORY -> answer(rid, services.history().page(me, f.getGetHistory()), a -> a);
      case CREATE_GROUP_INVITE -> answer(rid, services.invites().create(me, f.getCreateGroupInvite()), a -> a);
      case JOIN_BY_INVITE -> answer(rid, services.invites().join(me, f.getJoinByInvite().getCode()), a -> a);
      case REVOKE_GROUP_INVITE -> answer(rid, services.invites().revoke(me, f.getRevokeGroupInvite().getCode()), a -> a);
      case LIST_GROUP_DEVICES -> answer(rid, services.groups().memberDevices(me, f.getListGroupDevices().getGroup()), a -> a);
      case RENAME_GROUP -> answer(rid, services.groups().admin().rename(me, f.getRenameGroup()), a -> a);
      case UPDATE_GROUP_SETTINGS -> answer(rid, services.groups().admin().updateSettings(me, f.getUpdateGroupSettings()), a -> a);
      case DELETE_GROUP -> answer(rid, services.groups().admin().delete(me, f.getDeleteGroup()), a -> a);
      case GROUP_SEND -> {
        // Looked up concurrently, appended in arrival order: a sender's posts keep their order.
        CompletableFuture<Answer<ServerFrame.Builder>> stored = new CompletableFuture<>();
        posts.add(services.groups().prepare(me, f.getGroupSend()), prepared -> {
          switch (prepared) {
            case GroupService.PreparedPost.Ready ready -> services.groups().store(ready, loop).whenComplete((a, err) -> {
              if (err != null) stored.completeExceptionally(err);
              else stored.complete(a);
            });
            case GroupService.PreparedPost.Refused no -> stored.complete(Answer.refused(no.refusal()));
          }
        }, stored::completeExceptionally);
        answer(rid, stored, a -> a);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private <T> void answer(long rid, CompletableFuture<T> outcome, Function<T, Answer<ServerFrame.Builder>> toFrame) {
    answer(rid, outcome, toFrame, o -> false);
  }

  private <T> void answer(
      long rid, CompletableFuture<T> outcome, Function<T, Answer<ServerFrame.Builder>> toFrame,
      java.util.function.Predicate<T> closeAfter) {
    // Every request waiting for a service counts against the connection's in-flight bound, like a
    // send: a client pipelining posts or key fetches stops being read instead of queueing unbounded.
    backpressure.sendStarted();
    outcome.whenCompleteAsync((o, err) -> {
      backpressure.sendFinished();
      if (err != null) {
        replies.refuse(rid, Refusal.fromStorage(err));
        return;
      }
      switch (toFrame.apply(o)) {
        case Answer.Ok<ServerFrame.Builder> ok -> replies.reply(rid, ok.value());
        case Answer.Refused<ServerFrame.Builder> no -> replies.refuse(rid, no.refusal());
      }
      if (closeAfter.test(o)) replies.revokedItself();
    }, loop);
  }

  private static <T> Answer<ServerFrame.Builder> map(Answer<T> a, Function<T, ServerFrame.Builder> ok) {
    return switch (a) {
      case Answer.Ok<T> v -> Answer.ok(ok.apply(v.value()));
      case Answer.Refused<T> r -> Answer.refused(r.refusal());
    };
  }
}
