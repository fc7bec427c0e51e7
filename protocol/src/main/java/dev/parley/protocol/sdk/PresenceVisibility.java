package dev.parley.protocol.sdk;

/** Who may see this user's presence (online, last seen). Stored on the server; CONTACTS by default. */
public enum PresenceVisibility {
  EVERYBODY,
  /** Users on this user's contact list: those it sent a message to, and those added with {@link ParleyClient#addContacts}. */
  CONTACTS,
  NOBODY;

  dev.parley.protocol.v1.PresenceVisibility wire() {
    return switch (this) {
      case EVERYBODY -> dev.parley.protocol.v1.PresenceVisibility.EVERYBODY;
      case CONTACTS -> dev.parley.protocol.v1.PresenceVisibility.CONTACTS;
      case NOBODY -> dev.parley.protocol.v1.PresenceVisibility.NOBODY;
    };
  }

  static PresenceVisibility of(dev.parley.protocol.v1.PresenceVisibility v) {
    return switch (v) {
      case EVERYBODY -> EVERYBODY;
      case NOBODY -> NOBODY;
      case CONTACTS, PRESENCE_VISIBILITY_UNSPECIFIED, UNRECOGNIZED -> CONTACTS;
    };
  }
}
