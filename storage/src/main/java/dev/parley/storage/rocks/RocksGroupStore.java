package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.Departure;
import dev.parley.storage.group.GroupCreation;
import dev.parley.storage.group.GroupEdit;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupRevised;
import dev.parley.storage.group.GroupRevision;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.GroupUpdate;
import dev.parley.storage.group.MemberUpdate;
import dev.parley.storage.group.MembersAdded;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.OwnerChange;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;

/**
 * Groups, their members and logs: every change through the commit stage (where membership checks and
 * appends are ordered), lookups and log reads on the read stage ({@link GroupReads}). Arguments are
 * checked here, at once; outcomes the caller cannot know in advance come back as values.
 */
final class RocksGroupStore implements GroupStore {
  private final CommitStage commits;
  private final ReadStage reads;
  private final GroupReads groupReads;
  private final long dedupWindowMs;

  RocksGroupStore(Database db, CommitStage commits, ReadStage reads, long dedupWindowMs) {
    this.commits = commits;
    this.reads = reads;
    this.groupReads = new GroupReads(db);
    this.dedupWindowMs = dedupWindowMs;
  }

  @Override
  public CompletableFuture<GroupCreation> create(
      GroupKind kind, GroupName name, UserId owner, GroupSettings settings, long nowMs) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    checkSettings(kind, settings);
    return commits.submit(round -> create(round, kind, name, owner, settings, nowMs));
  }

  /** Runs on the commit thread, so "taken?" and "take it" cannot interleave with another create or rename. */
  private static GroupCreation create(
      Round round, GroupKind kind, GroupName name, UserId owner, GroupSettings settings, long nowMs)
      throws RocksDBException {
    byte[] nameKey = Keys.groupName(name);
    if (round.get(Family.GROUP_NAMES, nameKey) != null) return new GroupCreation.NameTaken(name);
    GroupId id = new GroupId(round.nextId(IdCounter.GROUP_ID));
    Group group = new Group(id, kind, name, nowMs, owner, settings);
    // A new group's log is empty: the owner reads from its first entry.
    Membership membership = new Membership(id, owner, Role.OWNER, nowMs, 0);
    byte[] member = GroupRecords.membership(membership);
    round.put(Family.GROUPS, Keys.group(id), GroupRecords.groupRecord(group, 1).toByteArray());
    round.put(Family.GROUP_NAMES, nameKey, Keys.group(id));
    round.put(Family.GROUP_MEMBERS, Keys.member(id, owner), member);
    round.put(Family.USER_GROUPS, Keys.userGroup(owner, id), member);
    return new GroupCreation.Created(group, membership);
  }

  @Override
  public CompletableFuture<Optional<Group>> findById(GroupId id) {
    Objects.requireNonNull(id, "id");
    return reads.submit(() -> groupReads.byId(id));
  }

  @Override
  public CompletableFuture<Optional<Group>> findByName(GroupName name) {
    Objects.requireNonNull(name, "name");
    return reads.submit(() -> groupReads.byName(name));
  }

  @Override
  public CompletableFuture<GroupUpdate> rename(GroupId group, GroupName name) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(name, "name");
    return commits.submit(round -> rename(round, group, name));
  }

  private static GroupUpdate rename(Round round, GroupId id, GroupName name) throws RocksDBException {
    byte[] groupKey = Keys.group(id);
    byte[] stored = round.get(Family.GROUPS, groupKey);
    if (stored == null) return new GroupUpdate.NoSuchGroup();
    GroupRecord record = GroupRecords.groupRecord(stored);
    Group group = GroupRecords.group(record);
    if (group.name().equals(name)) return new GroupUpdate.Updated(group);
    byte[] nameKey = Keys.groupName(name);
    if (round.get(Family.GROUP_NAMES, nameKey) != null) return new GroupUpdate.NameTaken(name);
    GroupRecord renamed = record.toBuilder().setName(name.value()).build();
    round.delete(Family.GROUP_NAMES, Keys.groupName(group.name()));
    round.put(Family.GROUP_NAMES, nameKey, groupKey);
    round.put(Family.GROUPS, groupKey, renamed.toByteArray());
    return new GroupUpdate.Updated(GroupRecords.group(renamed));
  }

  @Override
  public CompletableFuture<GroupUpdate> updateSettings(GroupId group, GroupSettings settings) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(settings, "settings");
    return commits.submit(round -> updateSettings(round, group, settings));
  }

  private static GroupUpdate updateSettings(Round round, GroupId id, GroupSettings settings) throws RocksDBException {
    byte[] groupKey = Keys.group(id);
    byte[] stored = round.get(Family.GROUPS, groupKey);
    if (stored == null) return new GroupUpdate.NoSuchGroup();
    GroupRecord record = GroupRecords.groupRecord(stored);
    if (GroupRecords.group(record).kind() == GroupKind.CHANNEL && !settings.onlyAdminsPost()) {
      throw new InvalidWriteException("a channel's members cannot post: group " + id);
    }
    // End-to-end or not is fixed at creation: members' clients rely on it.
    GroupRecord updated =
        GroupRecords.withSettings(record.toBuilder(), settings).setEndToEnd(record.getEndToEnd()).build();
    round.put(Family.GROUPS, groupKey, updated.toByteArray());
    return new GroupUpdate.Updated(GroupRecords.group(updated));
  }

  @Override
  public CompletableFuture<Boolean> delete(GroupId group) {
    Objects.requireNonNull(group, "group");
    // If a purge chunk is refused (queue full, closing), the future fails but the group is deleted
    // all the same, and the sweeper finishes the purge.
    return commits
        .submit(new DeleteGroupOp(group))
        .thenCompose(
            deleted ->
                deleted
                    ? GroupPurge.run(commits, group).thenApply(purged -> true)
                    : CompletableFuture.completedFuture(false));
  }

  @Override
  public CompletableFuture<MembersAdded> addMembers(GroupId group, List<UserId> users, Role role, long nowMs) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(role, "role");
    users.forEach(u -> Objects.requireNonNull(u, "user"));
    requireNotOwner(role);
    // A user listed twice is added, and counted, once.
    return commits.submit(new AddMembersOp(group, List.copyOf(new LinkedHashSet<>(users)), role, nowMs));
  }

  @Override
  public CompletableFuture<MemberUpdate> removeMember(GroupId group, UserId user) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(user, "user");
    return commits.submit(new RemoveMemberOp(group, user));
  }

  @Override
  public CompletableFuture<MemberUpdate> setRole(GroupId group, UserId user, Role role) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(role, "role");
    requireNotOwner(role);
    return commits.submit(new SetRoleOp(group, user, role));
  }

  @Override
  public CompletableFuture<OwnerChange> transferOwnership(GroupId group, UserId from, UserId to) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return commits.submit(new TransferOwnershipOp(group, from, to));
  }

  @Override
  public CompletableFuture<Departure> leave(GroupId group, UserId user) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(user, "user");
    // As for delete: the group is gone once the first write is durable, whatever happens to the purge.
    return commits
        .submit(new LeaveOp(group, user))
        .thenCompose(
            d -> d instanceof Departure.Deleted
                ? GroupPurge.run(commits, group).thenApply(purged -> d)
                : CompletableFuture.completedFuture(d));
  }

  @Override
  public CompletableFuture<List<UserId>> admins(GroupId group, int limit) {
    Objects.requireNonNull(group, "group");
    if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
    return reads.submit(() -> groupReads.admins(group, limit));
  }

  @Override
  public CompletableFuture<Optional<Membership>> membership(GroupId group, UserId user) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(user, "user");
    return reads.submit(() -> groupReads.membership(group, user));
  }

  @Override
  public CompletableFuture<List<Membership>> members(GroupId group, long afterUserId, int limit) {
    Objects.requireNonNull(group, "group");
    if (afterUserId < 0) throw new IllegalArgumentException("afterUserId < 0: " + afterUserId);
    if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
    if (afterUserId == Long.MAX_VALUE) return reads.submit(List::of);
    return reads.submit(() -> groupReads.members(group, afterUserId, limit));
  }

  @Override
  public CompletableFuture<List<Membership>> groupsOf(UserId user) {
    Objects.requireNonNull(user, "user");
    return reads.submit(() -> groupReads.groupsOf(user));
  }

  @Override
  public CompletableFuture<Integer> memberCount(GroupId group) {
    Objects.requireNonNull(group, "group");
    return reads.submit(() -> groupReads.memberCount(group));
  }

  @Override
  public CompletableFuture<GroupAppend> append(GroupMessage message) {
    Objects.requireNonNull(message.group(), "group");
    Objects.requireNonNull(message.sender(), "sender");
    Objects.requireNonNull(message.senderDevice(), "senderDevice");
    Objects.requireNonNull(message.senderUsername(), "senderUsername");
    Objects.requireNonNull(message.clientMsgId(), "clientMsgId");
    if (message.expiresAtMs() < 0) throw new IllegalArgumentException("expiresAtMs < 0: " + message.expiresAtMs());
    return commits.submit(new GroupAppendOp(message, dedupWindowMs));
  }

  @Override
  public CompletableFuture<GroupRevised> appendRevision(GroupMessage message, GroupRevision revision) {
    Objects.requireNonNull(message.group(), "group");
    Objects.requireNonNull(message.sender(), "sender");
    Objects.requireNonNull(message.senderDevice(), "senderDevice");
    Objects.requireNonNull(message.senderUsername(), "senderUsername");
    Objects.requireNonNull(message.clientMsgId(), "clientMsgId");
    Objects.requireNonNull(revision, "revision");
    if (message.expiresAtMs() < 0) throw new IllegalArgumentException("expiresAtMs < 0: " + message.expiresAtMs());
    return commits.submit(new RevisionAppendOp(message, revision, dedupWindowMs));
  }

  @Override
  public CompletableFuture<GroupRead> read(GroupId group, UserId reader, long afterSeq, int limit, long nowMs) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(reader, "reader");
    if (afterSeq < 0) throw new IllegalArgumentException("afterSeq < 0: " + afterSeq);
    if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
    return reads.submit(() -> groupReads.read(group, reader, afterSeq, limit, nowMs));
  }

  @Override
  public CompletableFuture<GroupRead> readBefore(GroupId group, UserId reader, long beforeSeq, int limit, long nowMs) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(reader, "reader");
    if (beforeSeq < 1) throw new IllegalArgumentException("beforeSeq < 1: " + beforeSeq);
    if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
    return reads.submit(() -> groupReads.readBefore(group, reader, beforeSeq, limit, nowMs));
  }

  @Override
  public CompletableFuture<Long> lastSeq(GroupId group) {
    Objects.requireNonNull(group, "group");
    // group_seq is written in the same batch as the entries, so any append seen complete is reflected.
    return reads.submit(() -> groupReads.lastSeq(group));
  }

  @Override
  public CompletableFuture<GroupEdit> replace(GroupId group, long seq, byte[] newBody, UserId editor, long nowMs) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(editor, "editor");
    requireSeq(seq);
    return commits.submit(new ReviseOp(group, seq, editor, nowMs, newBody.clone()));
  }

  @Override
  public CompletableFuture<GroupEdit> tombstone(GroupId group, long seq, UserId deletedBy, long nowMs) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(deletedBy, "deletedBy");
    requireSeq(seq);
    return commits.submit(new ReviseOp(group, seq, deletedBy, nowMs, null));
  }

  @Override
  public CompletableFuture<Long> cursor(DeviceId device, GroupId group) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(group, "group");
    return reads.submit(() -> groupReads.cursor(device, group));
  }

  @Override
  public CompletableFuture<OptionalLong> advanceCursor(DeviceId device, GroupId group, long upToSeq) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(group, "group");
    if (upToSeq < 0) throw new IllegalArgumentException("upToSeq < 0: " + upToSeq);
    return commits.submit(CommitOp.unsynced(new AdvanceCursorOp(device, group, upToSeq)));
  }

  private static void checkSettings(GroupKind kind, GroupSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (kind == GroupKind.CHANNEL && !settings.onlyAdminsPost()) {
      throw new IllegalArgumentException("a channel's members cannot post: onlyAdminsPost must be true");
    }
  }

  private static void requireNotOwner(Role role) {
    if (role == Role.OWNER) throw new IllegalArgumentException("a group has one owner: transferOwnership hands it over");
  }

  private static void requireSeq(long seq) {
    if (seq < 1) throw new IllegalArgumentException("seq < 1: " + seq);
  }
}
