package dev.parley.server.cli.client;

import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ServerAddress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens a logged-in SDK client for this home's saved account. */
final class Connected {
  static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(20);

  /** For commands that do not read messages: leave them on the server for {@code receive} or {@code chat}. */
  static final MessageListener LEAVE_MESSAGES = message -> false;

  private Connected() {}

  /** Thrown when the home holds no account yet; a usage error, not a server refusal. */
  static final class NotRegistered extends IllegalArgumentException {
    NotRegistered(ClientHome home) {
      super("no account in " + home.dir() + "; run 'parley client register USERNAME' first");
    }
  }

  static ParleyClient login(ClientOptions options, MessageListener listener, PrintStream err) throws Exception {
    ClientHome home = options.clientHome();
    ClientHome.SavedAccount account = home.account().orElseThrow(() -> new NotRegistered(home));
    ServerAddress server = options.serverAddress(home);
    ParleyClient client =
        ParleyClient.builder(ClientConfig.defaults(server).withClientName("parley-cli"), home.identity())
            .cryptoStore(home.cryptoStore())
            .trust(home.trust(server, options.pinnedFingerprint(), () -> pinnedNotice(err, server)))
            .listener(new WarningsToStderr(listener, err))
            .cursor(home.cursor(account.deviceId()))
            .build();
    try {
      AccountInfo info = client.login(account.userId(), account.deviceId()).get(LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (info.userId() != account.userId()) throw new IllegalStateException("server answered for another user");
      return client;
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  static void pinnedNotice(PrintStream err, ServerAddress server) {
    err.println("parley: first contact with " + server + ": pinned its certificate fingerprint (trust on first use)");
  }
}
