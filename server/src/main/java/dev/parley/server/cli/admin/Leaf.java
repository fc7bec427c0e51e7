package dev.parley.server.cli.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.admin.v1.AdminRequest;
import dev.parley.protocol.admin.v1.AdminResponse;
import dev.parley.server.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** One admin command on the command line: its parameters become the request's arguments. */
final class Leaf implements Callable<Integer> {
  /** An option ({@code --key VALUE}) or a positional parameter, named by its argument key. */
  record Param(String key, String label, String description, boolean positional) {}

  static Param opt(String key, String label, String description) {
    return new Param(key, label, description, false);
  }

  static Param pos(String key, String label) {
    return new Param(key, label, "", true);
  }

  private final String command;
  private final List<Param> params;
  private CommandSpec spec;

  private Leaf(String command, List<Param> params) {
    this.command = command;
    this.params = params;
  }

  static CommandLine remote(String name, String command, String description, Param... params) {
    Leaf leaf = new Leaf(command, List.of(params));
    CommandSpec spec = CommandSpec.wrapWithoutInspection(leaf);
    leaf.spec = spec;
    spec.name(name).mixinStandardHelpOptions(true).usageMessage().description(description);
    int index = 0;
    for (Param p : params) {
      if (p.positional()) {
        spec.addPositional(PositionalParamSpec.builder().index(String.valueOf(index++)).paramLabel(p.label())
            .type(String.class).arity("1").description(p.description()).build());
      } else {
        spec.addOption(OptionSpec.builder("--" + p.key()).paramLabel(p.label()).type(String.class)
            .description(p.description()).build());
      }
    }
    Target.addOptions(spec);
    return new CommandLine(spec);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> args = new LinkedHashMap<>();
    int index = 0;
    for (Param p : params) {
      Object value = p.positional()
          ? spec.positionalParameters().get(index++).getValue()
          : spec.findOption("--" + p.key()).getValue();
      if (value != null) args.put(p.key(), value.toString());
    }
    Target.Chosen target;
    try {
      target = Target.from(spec);
    } catch (IllegalArgumentException e) {
      err.println("parley admin: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (IOException e) {
      err.println("parley admin: " + e.getMessage());
      return ExitCodes.CANNOT_CONNECT;
    }
    AdminRequest request = AdminRequest.newBuilder()
        .setRequestId(1)
        .setCommand(command)
        .putAllArgs(args)
        .setToken(target.token())
        .setOperator(System.getProperty("user.name", ""))
        .build();
    AdminResponse response;
    try {
      response = AdminClient.call(target.target(), request, target.timeout());
    } catch (IOException | TimeoutException e) {
      err.println("parley admin: cannot reach the server at " + target.describe() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return ExitCodes.CANNOT_CONNECT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.CANNOT_CONNECT;
    }
    int exit = print(response, target.json(), out, err);
    out.flush();
    err.flush();
    return exit;
  }

  /** Prints the result (stdout) or the refusal (stderr) and returns the command's exit code. */
  static int print(AdminResponse response, boolean json, PrintWriter out, PrintWriter err) {
    int exit = AdminExitCodes.of(response.getStatus());
    if (exit != ExitCodes.OK) {
      if (json) {
        out.println(jsonError(response));
      }
      err.println("parley admin: " + response.getMessage());
      return exit;
    }
    String result = response.getResultJson().isEmpty() ? "{}" : response.getResultJson();
    if (json) {
      out.println(result);
    } else {
      try {
        out.print(HumanOutput.render(new ObjectMapper().readTree(result)));
      } catch (IOException e) {
        out.println(result);
      }
    }
    return exit;
  }

  private static String jsonError(AdminResponse r) {
    try {
      return new ObjectMapper().writeValueAsString(Map.of("error", Map.of("status", r.getStatus().name(), "message", r.getMessage())));
    } catch (IOException e) {
      return "{}";
    }
  }

  /** The connection options every admin command takes, and what they pick. */
  static final class Target {
    record Chosen(AdminClient.Target target, String token, boolean json, Duration timeout) {
      String describe() {
        return switch (target) {
          case AdminClient.Target.Socket s -> s.path().toString();
          case AdminClient.Target.Tcp t -> t.address().toString();
        };
      }
    }

    static void addOptions(CommandSpec spec) {
      spec.addOption(OptionSpec.builder("--data").paramLabel("DIR").type(Path.class)
          .description("The server's data directory; the socket is DIR/admin.sock (default ./data).").build());
      spec.addOption(OptionSpec.builder("--socket").paramLabel("PATH").type(Path.class)
          .description("The admin socket, when not in the data directory.").build());
      spec.addOption(OptionSpec.builder("--tcp").paramLabel("HOST:PORT").type(String.class)
          .description("Use the loopback TCP admin endpoint instead (needs --token-file).").build());
      spec.addOption(OptionSpec.builder("--token-file").paramLabel("FILE").type(Path.class)
          .description("File whose first line is the admin token (TCP only).").build());
      spec.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
          .description("Print the result as one JSON document.").build());
      spec.addOption(OptionSpec.builder("--timeout").paramLabel("SECONDS").type(int.class).defaultValue("60")
          .description("Give up after this long (default 60).").build());
    }

    static Chosen from(CommandSpec spec) throws IOException {
      Path data = spec.findOption("--data").getValue();
      Path socket = spec.findOption("--socket").getValue();
      String tcp = spec.findOption("--tcp").getValue();
      Path tokenFile = spec.findOption("--token-file").getValue();
      boolean json = Boolean.TRUE.equals(spec.findOption("--json").getValue());
      int timeout = spec.findOption("--timeout").getValue();
      if (timeout < 1) throw new IllegalArgumentException("--timeout must be at least 1");
      if (tcp != null) {
        if (tokenFile == null) throw new IllegalArgumentException("--tcp needs --token-file");
        int colon = tcp.lastIndexOf(':');
        if (colon < 1) throw new IllegalArgumentException("--tcp must be HOST:PORT");
        int port;
        try {
          port = Integer.parseInt(tcp.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--tcp must be HOST:PORT");
        }
        String token = Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        return new Chosen(new AdminClient.Target.Tcp(new InetSocketAddress(tcp.substring(0, colon), port)), token, json,
            Duration.ofSeconds(timeout));
      }
      Path path = socket != null ? socket : (data != null ? data : Path.of("data")).resolve("admin.sock");
      if (!Files.exists(path)) {
        throw new IOException("no admin socket at " + path + " (is the server running? is --data right?)");
      }
      return new Chosen(new AdminClient.Target.Socket(path), "", json, Duration.ofSeconds(timeout));
    }
  }
}
