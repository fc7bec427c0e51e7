package dev.parley.storage.rocks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.storage.StorageFailureException;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupInvite;
import dev.parley.storage.group.GroupInviteStore;
import dev.parley.storage.rocks.disk.GroupInviteRecord;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;

/** Invite codes in group_invites; created only while their group exists (checked in the commit round). */
final class RocksGroupInviteStore implements GroupInviteStore {
  private final Database db;
  private final CommitStage commits;
  private final ReadStage reads;

  RocksGroupInviteStore(Database db, CommitStage commits, ReadStage reads) {
    this.db = db;
    this.commits = commits;
    this.reads = reads;
  }

  @Override
  public CompletableFuture<Boolean> create(GroupInvite invite) {
    Objects.requireNonNull(invite, "invite");
    byte[] key = key(invite.code());
    byte[] value = GroupInviteRecord.newBuilder()
        .setGroupId(invite.group().value())
        .setCreatedByUserId(invite.createdBy().value())
        .setCreatedAtMs(invite.createdAtMs())
        .setExpiresAtMs(invite.expiresAtMs())
        .build()
        .toByteArray();
    return commits.submit(round -> {
      if (round.get(Family.GROUPS, Keys.group(invite.group())) == null) return false;
      if (round.get(Family.GROUP_INVITES, key) != null) return false;
      round.put(Family.GROUP_INVITES, key, value);
      return true;
    });
  }

  @Override
  public CompletableFuture<Optional<GroupInvite>> find(String code) {
    Objects.requireNonNull(code, "code");
    return reads.submit(() -> Optional.ofNullable(db.get(Family.GROUP_INVITES, key(code))).map(v -> invite(code, v)));
  }

  @Override
  public CompletableFuture<Boolean> revoke(String code) {
    Objects.requireNonNull(code, "code");
    byte[] key = key(code);
    return commits.submit(round -> {
      if (round.get(Family.GROUP_INVITES, key) == null) return false;
      round.delete(Family.GROUP_INVITES, key);
      return true;
    });
  }

  private static byte[] key(String code) {
    return code.getBytes(StandardCharsets.UTF_8);
  }

  private static GroupInvite invite(String code, byte[] stored) {
    try {
      GroupInviteRecord r = GroupInviteRecord.parseFrom(stored);
      return new GroupInvite(code, new GroupId(r.getGroupId()), new UserId(r.getCreatedByUserId()), r.getCreatedAtMs(), r.getExpiresAtMs());
    } catch (InvalidProtocolBufferException e) {
      throw new StorageFailureException("corrupt invite record", e);
    }
  }
}
