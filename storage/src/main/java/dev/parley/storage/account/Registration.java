package dev.parley.storage.account;

/** The outcome of {@link AccountStore#register}: expected outcomes are values, not exceptions. */
public sealed interface Registration {
  /** The account and its first device now exist durably. */
  record Created(Account account, Device device) implements Registration {}

  /** Someone else holds the username (compared case-insensitively). */
  record UsernameTaken(Username username) implements Registration {}

  /** Registration by invite named a code that does not exist, is used up or has expired. */
  record InviteInvalid() implements Registration {}
}
