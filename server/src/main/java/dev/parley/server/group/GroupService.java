package dev.parley.server.group;

import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupList;
import dev.parley.protocol.v1.GroupRef;
import dev.parley.protocol.v1.GroupSend;
import dev.parley.protocol.v1.MemberList;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.account.UserLookup;
import dev.parley.server.refusal.Answer;
import dev.parley.server.refusal.Refusal;
import dev.parley.server.router.DeviceSession;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.GroupCreation;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupRevision;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.MemberUpdate;
import dev.parley.storage.group.MembersAdded;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import dev.parley.storage.inbox.ClientMsgId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Groups and channels: creating them, membership (owners and admins add and remove; anyone joins a
 * channel; members leave), posting into the group's log (stored once; the store checks membership
 * and who may post in the same round that orders membership changes) and pushing each post to the
 * live member devices. A removed member's sessions stop receiving at once. Non-blocking.
 */
public final class GroupService {
  private final GroupStore groups;
  private final UserLookup users;
  private final SessionRouter router;
  private final Clock clock;
  private final int maxGroupMembers;
  private final int maxBodyBytes;
  private final java.time.Duration maxTtl;
  private final java.util.function.LongBinaryOperator catchUpStart;
  private final int maxE2eGroupMembers;
  private final PostSignatures signatures;
  private final MemberDevices memberDevices;
  private final GroupRevisions revisions;
  private final GroupAdmin admin;
  private final GroupNotices notices;
  private final GroupRoles roles;

  /**
   * @param maxE2eGroupMembers a group created with at most this many members (the owner included) is
   *     end-to-end encrypted, and stays limited to it; a larger one is not, nor is any channel
   * @param catchUpStart maps a device's cursor and the log's last seq to where its delivery starts
   *     after login: the cursor, or later when the device is too far behind (see the sync package)
   */
  public GroupService(
      GroupStore groups, dev.parley.storage.account.AccountStore accounts, SessionRouter router, Clock clock,
      int maxGroupMembers, int maxE2eGroupMembers, int maxBodyBytes, java.time.Duration maxTtl,
      java.util.function.LongBinaryOperator catchUpStart) {
    this.maxTtl = maxTtl;
    this.catchUpStart = catchUpStart;
    this.maxE2eGroupMembers = maxE2eGroupMembers;
    this.signatures = new PostSignatures(accounts);
    this.memberDevices = new MemberDevices(groups, accounts);
    UserLookup users = new UserLookup(accounts);
    this.groups = groups;
    this.users = users;
    this.router = router;
    this.clock = clock;
    this.maxGroupMembers = maxGroupMembers;
    this.maxBodyBytes = maxBodyBytes;
    this.revisions = new GroupRevisions(groups, this);
    this.notices = new GroupNotices(groups, router);
    this.admin = new GroupAdmin(groups, router, this, maxTtl);
    this.roles = new GroupRoles(groups, users, this, notices, admin);
  }

  /** Tells live members of changes to their groups. */
  GroupNotices notices() {
    return notices;
  }

  /** Renaming, settings and deleting groups. */
  public GroupAdmin admin() {
    return admin;
  }

  /** A session just logged in: deliver every group of its user, from the device's cursor. */
  public void attach(DeviceSession session) {
    groups.groupsOf(session.user()).thenAccept(memberships -> {
      for (Membership m : memberships) {
        CompletableFuture<Long> last = groups.lastSeq(m.group());
        groups.findById(m.group()).thenCombine(groups.cursor(session.device(), m.group()), (g, cursor) -> {
          last.thenAccept(l -> g.ifPresent(group ->
              attach(session, group, catchUpStart.applyAsLong(Math.max(cursor, m.joinedAtSeq()), l))));
          return null;
        });
      }
    });
  }

  private void attach(DeviceSession session, Group group, long cursor) {
    router.subscribe(group.id(), session);
    session.attachGroup(group, cursor);
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> create(
      AuthenticatedDevice me, dev.parley.protocol.v1.CreateGroup req) {
    Optional<GroupName> name = GroupName.parse(req.getName());
    if (name.isEmpty() || name.get().value().chars().allMatch(Character::isDigit)) {
      // All digits would read as a group id wherever a group is named.
      return refused(ErrorCode.INVALID_ARGUMENT, "group names are 3-64 characters of a-z 0-9 _ . -, not only digits");
    }
    if (req.getMessageTtlSeconds() < 0 || req.getMessageTtlSeconds() > maxTtl.toSeconds()) {
      return refused(ErrorCode.INVALID_ARGUMENT, "message_ttl_seconds over the limit of " + maxTtl.toSeconds());
    }
    if (distinct(req.getMembersList()) + 1 > (channelKind(req) ? GroupSettings.UNLIMITED : maxGroupMembers)) {
      return refused(ErrorCode.GROUP_FULL, "a group has at most " + maxGroupMembers + " members");
    }
    boolean channel = req.getKind() == dev.parley.protocol.v1.ConversationKind.CHANNEL;
    // End-to-end or not is decided once, here, and never changes: a group that turned readable by the
    // server when it grew would silently lose what its members counted on. So an end-to-end group
    // keeps the end-to-end limit (GROUP_FULL past it), and a larger group must be created large.
    boolean endToEnd = !channel && distinct(req.getMembersList()) + 1 <= maxE2eGroupMembers;
    GroupSettings base = channel ? GroupSettings.channel()
        : GroupSettings.group(endToEnd ? Math.min(maxGroupMembers, maxE2eGroupMembers) : maxGroupMembers);
    GroupSettings settings = new GroupSettings(
        base.onlyAdminsPost(), base.onlyAdminsEdit(), base.memberLimit(), req.getMessageTtlSeconds(), endToEnd);
    return resolveAll(req.getMembersList())
        .thenCompose(members -> {
          if (members.size() != distinct(req.getMembersList())) return refused(ErrorCode.USER_NOT_FOUND, "no such user among " + req.getMembersList());
          return groups.create(channel ? GroupKind.CHANNEL : GroupKind.GROUP, name.get(), me.user(), settings, clock.millis())
              .thenCompose(created -> switch (created) {
                case GroupCreation.NameTaken t -> refused(ErrorCode.GROUP_NAME_TAKEN, "the name " + t.name() + " is taken");
                case GroupCreation.Created c -> {
                  attachUser(me.user(), c.group(), 0);
                  yield addAndAnswer(c.group(), named(members), me);
                }
              });
        })
        .exceptionally(GroupService::fromStorage);
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> addMembers(AuthenticatedDevice me, GroupRef ref, List<String> names) {
    return withRole(me, ref, true, (group, myRole) ->
        resolveAll(names).thenCompose(users -> {
          if (users.size() != distinct(names)) return refused(ErrorCode.USER_NOT_FOUND, "no such user among " + names);
          return addAndAnswer(group, named(users), me);
        }));
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> joinChannel(AuthenticatedDevice me, String rawName) {
    Optional<GroupName> name = GroupName.parse(rawName);
    if (name.isEmpty()) return refused(ErrorCode.GROUP_NOT_FOUND, "no such channel");
    return groups.findByName(name.get())
        .thenCompose(g -> {
          if (g.isEmpty() || g.get().kind() != GroupKind.CHANNEL) return refused(ErrorCode.GROUP_NOT_FOUND, "no such channel");
          return join(g.get(), me);
        })
        .exceptionally(GroupService::fromStorage);
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> removeMembers(AuthenticatedDevice me, GroupRef ref, List<String> names) {
    return withRole(me, ref, true, (group, myRole) ->
        resolveAll(names).thenCompose(users -> {
          if (users.size() != distinct(names)) return refused(ErrorCode.USER_NOT_FOUND, "no such user among " + names);
          CompletableFuture<Answer<ServerFrame.Builder>> chain = CompletableFuture.completedFuture(null);
          for (Account u : users) {
            chain = chain.thenCompose(prev -> prev != null ? CompletableFuture.completedFuture(prev) : removeOne(me, group, myRole, u));
          }
          return chain.thenCompose(prev -> prev != null ? CompletableFuture.completedFuture(prev) : info(group, me.user()));
        }));
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> removeOne(AuthenticatedDevice me, Group group, Role myRole, Account account) {
    UserId user = account.id();
    return groups.membership(group.id(), user).thenCompose(m -> {
      if (m.isEmpty()) return CompletableFuture.completedFuture(null); // not a member: nothing to do
      if (m.get().role() == Role.OWNER || (m.get().role() == Role.ADMIN && myRole != Role.OWNER)) {
        return refused(ErrorCode.NOT_ALLOWED, "only the owner removes admins; the owner cannot be removed");
      }
      return groups.removeMember(group.id(), user).thenApply(r -> {
        if (r == MemberUpdate.UPDATED) {
          notices.memberRemoved(group, new GroupNotices.Concerned(user, account.username().value(), null), me);
        }
        detachUser(user, group.id());
        return null;
      });
    });
  }

  /**
   * The owner makes a member an admin or an admin a member, or (role OWNER) hands the group over and
   * becomes an admin.
   */
  public CompletableFuture<Answer<ServerFrame.Builder>> setRole(AuthenticatedDevice me, dev.parley.protocol.v1.SetRole req) {
    return roles.setRole(me, req);
  }

  /** A member leaves; an owner's leaving passes the group to an admin, or deletes it if nobody else is left. */
  public CompletableFuture<Answer<ServerFrame.Builder>> leave(AuthenticatedDevice me, GroupRef ref) {
    return roles.leave(me, ref);
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> members(AuthenticatedDevice me, GroupRef ref, long after, int limit) {
    int page = limit <= 0 || limit > 1000 ? 1000 : limit;
    return withRole(me, ref, false, (group, myRole) ->
        groups.members(group.id(), after, page + 1).thenCompose(ms -> {
          List<Membership> shown = ms.size() > page ? ms.subList(0, page) : ms;
          List<CompletableFuture<Optional<Account>>> names = shown.stream().map(m -> users.byId(m.user().value())).toList();
          return CompletableFuture.allOf(names.toArray(CompletableFuture[]::new)).thenApply(v -> {
            MemberList.Builder out = MemberList.newBuilder().setGroupId(group.id().value()).setMore(ms.size() > page);
            for (int i = 0; i < shown.size(); i++) {
              String username = names.get(i).join().map(a -> a.username().value()).orElse("");
              out.addMembers(GroupFrames.member(shown.get(i), username));
            }
            return Answer.ok(ServerFrame.newBuilder().setMemberList(out));
          });
        }));
  }

  /** The devices of every member of an end-to-end group (empty for other groups); any member asks. */
  public CompletableFuture<Answer<ServerFrame.Builder>> memberDevices(AuthenticatedDevice me, GroupRef ref) {
    return withRole(me, ref, false, (group, myRole) ->
        memberDevices.of(group).thenApply(d -> Answer.ok(ServerFrame.newBuilder().setGroupDevices(d))));
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> list(AuthenticatedDevice me) {
    return groups.groupsOf(me.user())
        .thenCompose(ms -> {
          List<CompletableFuture<Optional<dev.parley.protocol.v1.GroupInfo>>> infos = new ArrayList<>();
          for (Membership m : ms) {
            infos.add(groups.findById(m.group()).thenCompose(g -> g.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : groups.memberCount(m.group()).thenCombine(groups.lastSeq(m.group()),
                    (count, last) -> Optional.of(GroupFrames.info(g.get(), m.role(), count, last)))));
          }
          return CompletableFuture.allOf(infos.toArray(CompletableFuture[]::new)).thenApply(v -> {
            GroupList.Builder out = GroupList.newBuilder();
            infos.forEach(f -> f.join().ifPresent(out::addGroups));
            return Answer.ok(ServerFrame.newBuilder().setGroupList(out));
          });
        })
        .exceptionally(GroupService::fromStorage);
  }

  /**
   * A post after validation and the group lookup: ready to append, or refused. {@code revision} is
   * null for a post, else the edit or delete for everyone it makes.
   */
  public sealed interface PreparedPost {
    record Ready(Group group, GroupMessage message, GroupRevision revision) implements PreparedPost {}

    record Refused(Refusal refusal) implements PreparedPost {}
  }

  /**
   * Validates a post and looks up its group. Lookups of several posts may finish in any order; the
   * connection appends prepared posts in arrival order ({@link #store}), which keeps a sender's
   * posts in order in the group's log.
   */
  public CompletableFuture<PreparedPost> prepare(AuthenticatedDevice me, GroupSend req) {
    if (req.getClientMsgId().size() != ClientMsgId.LENGTH) {
      return CompletableFuture.completedFuture(new PreparedPost.Refused(Refusal.of(ErrorCode.INVALID_ARGUMENT, "client_msg_id must be 16 bytes")));
    }
    if (req.getBody().size() > maxBodyBytes) {
      return CompletableFuture.completedFuture(new PreparedPost.Refused(Refusal.of(
          ErrorCode.MESSAGE_TOO_LARGE, "body of " + req.getBody().size() + " bytes exceeds " + maxBodyBytes)));
    }
    if (req.getTtlSeconds() < 0 || req.getTtlSeconds() > maxTtl.toSeconds()) {
      return CompletableFuture.completedFuture(new PreparedPost.Refused(Refusal.of(
          ErrorCode.INVALID_ARGUMENT, "ttl_seconds over the limit of " + maxTtl.toSeconds())));
    }
    if (req.getEditsSeq() != 0 && req.getDeletesSeq() != 0) {
      return CompletableFuture.completedFuture(new PreparedPost.Refused(Refusal.of(
          ErrorCode.INVALID_ARGUMENT, "a post edits or deletes one other post, not both")));
    }
    GroupRevision revision = GroupRevisions.of(req);
    return resolve(req.getGroup())
        .thenCompose(g -> {
          if (g.isEmpty()) {
            return CompletableFuture.<PreparedPost>completedFuture(
                new PreparedPost.Refused(Refusal.of(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member")));
          }
          Group group = g.get();
          long now = clock.millis();
          long ttl = ttl(req.getTtlSeconds(), group.settings().messageTtlSeconds());
          byte[] signature = group.settings().endToEnd() ? new byte[0] : req.getSignature().toByteArray();
          GroupMessage message = new GroupMessage(
              group.id(), me.user(), me.device(), me.username().value(), new ClientMsgId(req.getClientMsgId().toByteArray()),
              req.getBody().toByteArray(), now, ttl == 0 ? 0 : now + ttl * 1000, signature);
          return signatures.check(me, group, message).<PreparedPost>thenApply(refusal -> refusal.isPresent()
              ? new PreparedPost.Refused(refusal.get())
              : new PreparedPost.Ready(group, message, revision));
        })
        .exceptionally(err -> new PreparedPost.Refused(Refusal.fromStorage(err)));
  }

  /**
   * Appends a prepared post (queued in call order), then pushes it to every live member device. The
   * fan-out runs on {@code executor} (the sender's event loop), never on the commit thread.
   */
  public CompletableFuture<Answer<ServerFrame.Builder>> store(PreparedPost.Ready post, java.util.concurrent.Executor executor) {
    Group group = post.group();
    GroupMessage message = post.message();
    if (post.revision() != null) return revisions.store(post, executor).exceptionally(GroupService::fromStorage);
    return groups.append(message).<Answer<ServerFrame.Builder>>thenApplyAsync(result -> switch (result) {
          case GroupAppend.NotMember n -> Answer.refused(Refusal.of(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member"));
          case GroupAppend.NotAllowed n -> Answer.refused(Refusal.of(ErrorCode.NOT_ALLOWED, "only admins post here"));
          case GroupAppend.Stored s -> {
            if (!s.duplicate()) route(group, message, s, new GroupEntry.Revises.Nothing());
            yield sendAck(s);
          }
        }, executor)
        .exceptionally(GroupService::fromStorage);
  }

  static Answer<ServerFrame.Builder> sendAck(GroupAppend.Stored s) {
    return Answer.ok(ServerFrame.newBuilder().setSendAck(dev.parley.protocol.v1.SendAck.newBuilder()
        .setServerMsgId(s.serverMsgId()).setServerTimeMs(s.serverTimeMs()).setDuplicate(s.duplicate())
        .setGroupSeq(s.seq())));
  }

  void route(Group group, GroupMessage m, GroupAppend.Stored s, GroupEntry.Revises revises) {
    GroupEntry entry = new GroupEntry(
        group.id(), s.seq(), s.serverMsgId(), m.sender(), m.senderDevice(), m.senderUsername(), s.serverTimeMs(),
        m.clientMsgId(), m.body(), m.expiresAtMs(), new GroupEntry.Revision.Original(), m.signature(), revises);
    router.routeGroup(group.id(), entry, GroupFrames.deliver(group, entry));
  }

  /** The shorter of the sender's timer and the group's, where either is set. */
  private static long ttl(long sender, long group) {
    if (sender == 0) return group;
    if (group == 0) return sender;
    return Math.min(sender, group);
  }

  // ---------------------------------------------------------------------------------------------

  interface Action {
    CompletableFuture<Answer<ServerFrame.Builder>> run(Group group, Role myRole);
  }

  /** Runs {@code action} if the group exists and the user is a member (an admin, if {@code adminOnly}). */
  CompletableFuture<Answer<ServerFrame.Builder>> withRole(AuthenticatedDevice me, GroupRef ref, boolean adminOnly, Action action) {
    return resolve(ref)
        .thenCompose(g -> {
          if (g.isEmpty()) return refused(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member");
          return groups.membership(g.get().id(), me.user()).thenCompose(m -> {
            if (m.isEmpty()) return refused(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member");
            if (adminOnly && m.get().role() == Role.MEMBER) return refused(ErrorCode.NOT_ALLOWED, "only owners and admins may do that");
            return action.run(g.get(), m.get().role());
          });
        })
        .exceptionally(GroupService::fromStorage);
  }

  /** {@code me} joins the group or channel (by name or invite) as a member. */
  CompletableFuture<Answer<ServerFrame.Builder>> join(Group group, AuthenticatedDevice me) {
    return addAndAnswer(group, Map.of(me.user(), me.username().value()), me);
  }

  /**
   * Adds the users (ids to usernames) as members, tells the live members who was added, and answers
   * with the group as {@code by} sees it.
   */
  CompletableFuture<Answer<ServerFrame.Builder>> addAndAnswer(Group group, Map<UserId, String> names, AuthenticatedDevice by) {
    if (names.isEmpty()) return info(group, by.user());
    return groups.addMembers(group.id(), List.copyOf(names.keySet()), Role.MEMBER, clock.millis()).thenCompose(added -> switch (added) {
      case MembersAdded.OverLimit o -> refused(ErrorCode.GROUP_FULL, "the group is limited to " + o.memberLimit() + " members");
      case MembersAdded.NoSuchGroup n -> refused(ErrorCode.GROUP_NOT_FOUND, "no such group");
      case MembersAdded.Added a -> {
        a.added().forEach(m -> attachUser(m.user(), group, m.joinedAtSeq()));
        notices.membersAdded(group, a.added().stream()
            .map(m -> new GroupNotices.Concerned(m.user(), names.get(m.user()), m.role())).toList(), by);
        yield info(group, by.user());
      }
    });
  }

  private void attachUser(UserId user, Group group, long fromSeq) {
    router.sessionsOf(user).forEach(s -> attach(s, group, fromSeq));
  }

  void detachUser(UserId user, GroupId group) {
    for (DeviceSession s : router.sessionsOf(user)) {
      router.unsubscribe(group, s);
      s.detachGroup(group);
    }
  }

  CompletableFuture<Answer<ServerFrame.Builder>> info(Group group, UserId asker) {
    CompletableFuture<Integer> count = groups.memberCount(group.id());
    CompletableFuture<Long> last = groups.lastSeq(group.id());
    return groups.membership(group.id(), asker).thenCompose(m -> count.thenCombine(last, (c, l) -> {
      Role role = m.map(Membership::role).orElse(Role.MEMBER);
      return Answer.ok(ServerFrame.newBuilder().setGroupInfo(GroupFrames.info(group, role, c, l)));
    }));
  }

  /** The accounts' ids to their usernames, in the accounts' order. */
  private static Map<UserId, String> named(List<Account> accounts) {
    Map<UserId, String> names = new LinkedHashMap<>();
    accounts.forEach(a -> names.put(a.id(), a.username().value()));
    return names;
  }

  private static boolean channelKind(dev.parley.protocol.v1.CreateGroup req) {
    return req.getKind() == dev.parley.protocol.v1.ConversationKind.CHANNEL;
  }

  private static int distinct(List<String> names) {
    return (int) names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).distinct().count();
  }

  private CompletableFuture<Optional<Group>> resolve(GroupRef ref) {
    return switch (ref.getRefCase()) {
      case GROUP_ID -> ref.getGroupId() > 0 ? groups.findById(new GroupId(ref.getGroupId())) : none();
      case NAME -> GroupName.parse(ref.getName()).map(groups::findByName).orElse(none());
      case REF_NOT_SET -> none();
    };
  }

  private static CompletableFuture<Optional<Group>> none() {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /** The accounts named, leaving out unknown names (callers compare the counts). */
  private CompletableFuture<List<Account>> resolveAll(List<String> names) {
    List<CompletableFuture<Optional<Account>>> lookups = names.stream().map(users::byName).toList();
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(v -> lookups.stream().map(CompletableFuture::join).flatMap(Optional::stream).distinct().toList());
  }

  static CompletableFuture<Answer<ServerFrame.Builder>> refused(ErrorCode code, String message) {
    return Answer.refusedNow(code, message);
  }

  static Answer<ServerFrame.Builder> fromStorage(Throwable err) {
    return Answer.refused(Refusal.fromStorage(err));
  }
}
