package dev.parley.server.cli.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.cli.ExitCodes;
import dev.parley.storage.StorageFailureException;
import dev.parley.storage.rocks.RocksBackups;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley admin restore BACKUP --into NEW_DATA_DIR}: offline, no server involved. Copies the
 * checkpoint into {@code NEW_DATA_DIR/db} (which must not hold a database) and verifies the copy; a
 * server started on NEW_DATA_DIR then serves exactly the backed-up state.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore a backup into a new data directory (offline: no server needed).")
final class Restore implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup's directory (under <data-dir>/backups).")
  Path backup;

  @Option(names = "--into", required = true, paramLabel = "NEW_DATA_DIR", description = "A new, empty data directory.")
  Path into;

  @Option(names = "--json", description = "Print the result as one JSON document.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static CommandLine commandLine() {
    return new CommandLine(new Restore());
  }

  @Override
  public Integer call() throws Exception {
    RocksBackups.Check check;
    try {
      check = RocksBackups.restore(backup, into.resolve("db"));
    } catch (IllegalArgumentException | StorageFailureException e) {
      spec.commandLine().getErr().println("parley admin restore: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCodes.FAILED;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("restored_to", into.toAbsolutePath().toString());
    m.put("schema_version", check.schemaVersion());
    m.put("keys", check.totalKeys());
    m.put("keys_by_family", new TreeMap<>(check.keysByFamily()));
    var mapper = new ObjectMapper();
    var out = spec.commandLine().getOut();
    out.print(json ? mapper.writeValueAsString(m) + "\n" : HumanOutput.render(mapper.valueToTree(m)));
    out.flush();
    return ExitCodes.OK;
  }
}
