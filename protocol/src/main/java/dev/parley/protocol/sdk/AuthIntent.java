package dev.parley.protocol.sdk;

/** What a connection does after Hello: register a new account, link a new device, or log in. */
sealed interface AuthIntent {
  String deviceName();

  /** {@code inviteCode} is empty unless the server takes sign-ups by invite only. */
  record RegisterDevice(String username, String deviceName, String inviteCode) implements AuthIntent {}

  record LinkNewDevice(String code, String deviceName) implements AuthIntent {}

  record LoginDevice(long userId, long deviceId) implements AuthIntent {
    @Override
    public String deviceName() {
      return "";
    }
  }
}
