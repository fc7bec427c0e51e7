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
  static final MessageListener LEAVE_MESSAGES = new MessageListener() {
    @Override
    public boolean onMessage(dev.parley.protocol.sdk.InboundMessage message) {
      return false;
    }

    @Override
    public boolean onGroupMessage(dev.parley.protocol.sdk.GroupMessage message) {
      return false;
    }

    @Override
    public boolean onEdit(dev.parley.protocol.sdk.MessageEdit edit) {
      return false;
    }

    @Override
    public boolean onDelete(dev.parley.protocol.sdk.MessageDelete delete) {
      return false;
    }

    @Override
    public boolean onReaction(dev.parley.protocol.sdk.MessageReaction reaction) {
      return false;
    }

    @Override
    public boolean onConversationTimer(dev.parley.protocol.sdk.ConversationTimerChange change) {
      return false;
    }

    @Override
    public boolean onReceipt(dev.parley.protocol.sdk.Receipt receipt) {
      return false;
    }
  };

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
            .groupCursors(home.groupCursors(account.deviceId()))
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

  /** What a command does with a logged-in client; returns the exit code. */
  @FunctionalInterface
  interface Action {
    int run(ParleyClient client) throws Exception;
  }

  /**
   * Logs in, runs {@code action}, closes the client; any failure becomes one line on stderr and the
   * documented exit code.
   */
  static int withClient(ClientOptions options, MessageListener listener, Action action) {
    ParleyClient client = null;
    try {
      client = login(options, listener, System.err);
      return action.run(client);
    } catch (Exception e) {
      return ClientFailure.report(e, System.err);
    } finally {
      if (client != null) client.close();
    }
  }

  /**
   * A new device for a fresh home (registering an account or linking to one): runs {@code start},
   * saves the account it got and prints it as JSON.
   */
  static int newDevice(ClientOptions options, java.util.function.Function<ParleyClient, java.util.concurrent.CompletableFuture<AccountInfo>> start) {
    ClientHome home = options.clientHome();
    if (home.account().isPresent()) {
      System.err.println("parley: " + home.dir() + " already holds the account '" + home.account().get().username()
          + "'; use --home DIR for another one");
      return dev.parley.server.cli.ExitCodes.USAGE;
    }
    ServerAddress server = options.serverAddress(home);
    ParleyClient client =
        ParleyClient.builder(ClientConfig.defaults(server).withClientName("parley-cli"), home.identity())
            .cryptoStore(home.cryptoStore())
            .trust(home.trust(server, options.pinnedFingerprint(), () -> pinnedNotice(System.err, server)))
            .listener(LEAVE_MESSAGES) // a new device's first messages wait for 'receive' or 'chat'
            .build();
    try {
      AccountInfo info = start.apply(client).get(LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      home.saveAccount(new ClientHome.SavedAccount(server.toString(), info.userId(), info.deviceId(), info.username()));
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("user_id", info.userId());
      out.put("device_id", info.deviceId());
      out.put("username", info.username());
      out.put("server", server.toString());
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(out));
      return dev.parley.server.cli.ExitCodes.OK;
    } catch (Exception e) {
      return ClientFailure.report(e, System.err);
    } finally {
      client.close();
    }
  }

  static void pinnedNotice(PrintStream err, ServerAddress server) {
    err.println("parley: first contact with " + server + ": pinned its certificate fingerprint (trust on first use)");
  }
}
