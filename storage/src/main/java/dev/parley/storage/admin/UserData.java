package dev.parley.storage.admin;

import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.group.Membership;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.prekey.PrekeyCounts;
import java.util.List;

/**
 * Everything the server stores about one user, for export: the account, each device with its
 * prekey stock and its undelivered messages (end-to-end ciphertext), and the user's group
 * memberships.
 */
public record UserData(Account account, List<DeviceData> devices, List<Membership> memberships) {
  public UserData {
    devices = List.copyOf(devices);
    memberships = List.copyOf(memberships);
  }

  public record DeviceData(Device device, PrekeyCounts prekeys, List<InboxEntry> inbox) {
    public DeviceData {
      inbox = List.copyOf(inbox);
    }
  }
}
