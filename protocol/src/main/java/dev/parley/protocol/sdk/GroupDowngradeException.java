package dev.parley.protocol.sdk;

/**
 * The server presents a group this device has seen to be end-to-end as one that is not, which would
 * have this device post in the clear (signed, readable by the server). The SDK refuses to post there;
 * a group's mode is fixed at creation, so only a faulty or dishonest server says this.
 */
public final class GroupDowngradeException extends RuntimeException {
  private final long groupId;

  public GroupDowngradeException(long groupId) {
    super("the server says group " + groupId + " is not end-to-end, but this device has seen it end-to-end;"
        + " refusing to post in the clear", null, false, false);
    this.groupId = groupId;
  }

  public long groupId() {
    return groupId;
  }
}
