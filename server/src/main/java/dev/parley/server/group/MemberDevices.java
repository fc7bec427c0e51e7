package dev.parley.server.group;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.DeviceInfo;
import dev.parley.protocol.v1.DeviceList;
import dev.parley.protocol.v1.GroupDevices;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.Device;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.Membership;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Lists the devices of every member of an end-to-end group, with their identity keys, so that a
 * member can give each of them its sender key through the pairwise sessions. The end-to-end member
 * limit bounds the answer. Groups that are not end-to-end get an empty list: their posts are signed,
 * and listing a channel's subscribers' devices would cost without purpose. Non-blocking.
 */
final class MemberDevices {
  private final GroupStore groups;
  private final AccountStore accounts;

  MemberDevices(GroupStore groups, AccountStore accounts) {
    this.groups = groups;
    this.accounts = accounts;
  }

  CompletableFuture<GroupDevices> of(Group group) {
    GroupDevices.Builder out = GroupDevices.newBuilder()
        .setGroupId(group.id().value())
        .setEndToEnd(group.settings().endToEnd());
    if (!group.settings().endToEnd()) return CompletableFuture.completedFuture(out.build());
    // The limit of an end-to-end group is small (limits.max-e2e-group-members): one page holds it.
    int page = Math.max(1, group.settings().memberLimit());
    return groups.members(group.id(), 0, page).thenCompose(members -> {
      List<CompletableFuture<Optional<DeviceList>>> lists = new ArrayList<>(members.size());
      for (Membership m : members) lists.add(devicesOf(m));
      return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new)).thenApply(v -> {
        lists.forEach(l -> l.join().ifPresent(out::addMembers));
        return out.build();
      });
    });
  }

  private CompletableFuture<Optional<DeviceList>> devicesOf(Membership m) {
    CompletableFuture<Optional<Account>> account = accounts.findById(m.user());
    CompletableFuture<List<Device>> devices = accounts.devices(m.user());
    return account.thenCombine(devices, (a, ds) -> {
      if (a.isEmpty() || a.get().disabled()) return Optional.empty();
      DeviceList.Builder list = DeviceList.newBuilder().setUserId(m.user().value()).setUsername(a.get().username().value());
      for (Device d : ds) {
        list.addDevices(DeviceInfo.newBuilder().setDeviceId(d.id().value()).setIdentityKey(ByteString.copyFrom(d.identityKey())));
      }
      return Optional.of(list.build());
    });
  }
}
