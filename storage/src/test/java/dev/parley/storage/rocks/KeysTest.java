package dev.parley.storage.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KeysTest {
  /** RocksDB's default comparator: unsigned bytewise. */
  private static final Comparator<byte[]> BYTEWISE = Arrays::compareUnsigned;

  @Test
  void inboxKeysSortInSeqOrderEvenAbove2Pow31() {
    long[] seqs = {1, 2, 127, 128, 255, 256, 65_535, 65_536, (1L << 31) - 1, 1L << 31, (1L << 32) + 5, Long.MAX_VALUE};
    DeviceId device = new DeviceId(42);
    List<byte[]> keys = new ArrayList<>();
    for (int i = seqs.length - 1; i >= 0; i--) keys.add(Keys.inbox(device, seqs[i]));

    keys.sort(BYTEWISE);

    assertThat(keys.stream().mapToLong(Keys::inboxSeq).toArray()).containsExactly(seqs);
  }

  @Test
  void oneDevicesInboxSortsBeforeTheNextDevicesInbox() {
    byte[] lastOfSeven = Keys.inbox(new DeviceId(7), Long.MAX_VALUE);
    byte[] firstOfEight = Keys.inbox(new DeviceId(8), 0);
    byte[] firstOf256 = Keys.inbox(new DeviceId(256), 0);

    assertThat(BYTEWISE.compare(lastOfSeven, firstOfEight)).isNegative();
    assertThat(BYTEWISE.compare(firstOfEight, firstOf256)).isNegative();
  }

  @Test
  void expiryKeysSortByTimeFirst() {
    byte[] early = Keys.expiry(1_000, new DeviceId(Long.MAX_VALUE), Long.MAX_VALUE);
    byte[] late = Keys.expiry(1_001, new DeviceId(1), 1);

    assertThat(BYTEWISE.compare(early, late)).isNegative();
  }

  @Test
  void expiryAfterIsAnExclusiveBoundOfWhatIsDue() {
    byte[] dueNow = Keys.expiry(5_000, new DeviceId(Long.MAX_VALUE), Long.MAX_VALUE);
    byte[] dueLater = Keys.expiry(5_001, new DeviceId(1), 1);

    assertThat(BYTEWISE.compare(dueNow, Keys.expiryAfter(5_000))).isNegative();
    assertThat(BYTEWISE.compare(dueLater, Keys.expiryAfter(5_000))).isPositive();
  }

  @Test
  void expiryKeyPointsAtItsInboxEntry() {
    DeviceId device = new DeviceId(9);

    assertThat(Keys.inboxOfExpiry(Keys.expiry(123, device, 77))).isEqualTo(Keys.inbox(device, 77));
  }

  @Test
  void prekeyKeysSortByIdAsUnsignedWithinTheirDevice() {
    DeviceId device = new DeviceId(5);
    int[] ids = {0, 1, 255, 256, Integer.MAX_VALUE, Integer.MIN_VALUE, -2, -1}; // 0 .. 2^32 - 1 as uint32
    List<byte[]> keys = new ArrayList<>();
    for (int i = ids.length - 1; i >= 0; i--) keys.add(Keys.prekey(device, ids[i]));
    keys.add(Keys.prekey(new DeviceId(4), -1));
    keys.add(Keys.prekey(new DeviceId(6), 0));

    keys.sort(BYTEWISE);

    assertThat(keys.subList(1, keys.size() - 1).stream().mapToInt(Keys::prekeyId).toArray()).containsExactly(ids);
    assertThat(Keys.startsWith(keys.getFirst(), Keys.device(new DeviceId(4)))).isTrue();
    assertThat(Keys.startsWith(keys.getLast(), Keys.device(new DeviceId(6)))).isTrue();
  }

  @Test
  void groupKeysKeepEachGroupInOneRangeAndPointWhereTheyShould() {
    GroupId group = new GroupId(300);
    UserId user = new UserId(1L << 40);
    byte[] lastOfGroup = Keys.groupLog(group, Long.MAX_VALUE);
    byte[] firstOfNext = Keys.groupLog(new GroupId(301), 0);

    assertThat(BYTEWISE.compare(lastOfGroup, Keys.prefixEnd(Keys.group(group)))).isNegative();
    assertThat(BYTEWISE.compare(firstOfNext, Keys.prefixEnd(Keys.group(group)))).isNotNegative();
    assertThat(BYTEWISE.compare(Keys.groupLog(group, 255), Keys.groupLog(group, 256))).isNegative();
    assertThat(Keys.groupLogSeq(Keys.groupLog(group, 1L << 33))).isEqualTo(1L << 33);
    assertThat(Keys.memberUser(Keys.member(group, user))).isEqualTo(user.value());
    assertThat(Keys.userGroupGroup(Keys.userGroup(user, group))).isEqualTo(group.value());
    assertThat(Keys.startsWith(Keys.groupCursor(group, new DeviceId(7)), Keys.group(group))).isTrue();
    assertThat(Keys.inboxOfExpiry(Keys.groupExpiry(123, group, 77))).isEqualTo(Keys.groupLog(group, 77));
    assertThat(Keys.groupOfPurge(Keys.groupPurge(group))).isEqualTo(group.value());
    assertThat(Keys.startsWith(Keys.groupPurge(group), Keys.GROUP_PURGE_PREFIX)).isTrue();
  }

  @Test
  void prefixEndBoundsEveryKeyOfThePrefix() {
    byte[] prefix = Keys.device(new DeviceId(0x01_FF));
    byte[] end = Keys.prefixEnd(prefix);

    assertThat(BYTEWISE.compare(Keys.inbox(new DeviceId(0x01_FF), Long.MAX_VALUE), end)).isNegative();
    assertThat(BYTEWISE.compare(Keys.inbox(new DeviceId(0x02_00), 0), end)).isNotNegative();
    assertThat(Keys.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
    assertThat(Keys.prefixEnd(new byte[] {1, (byte) 0xFF})).containsExactly(2);
  }

  @Test
  void longsRoundTrip() {
    for (long v : new long[] {0, 1, 1L << 31, Long.MAX_VALUE, -1}) {
      assertThat(Keys.decodeLong(Keys.encodeLong(v))).isEqualTo(v);
    }
  }
}
