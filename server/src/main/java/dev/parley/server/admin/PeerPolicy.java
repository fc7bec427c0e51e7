package dev.parley.server.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which local users may use the admin socket, judged by the peer's uid from the kernel (SO_PEERCRED),
 * which a client cannot forge. The socket file's 0600 mode already keeps others out; this check also
 * holds if the mode is loosened by hand or during the moment between bind and chmod.
 */
@FunctionalInterface
public interface PeerPolicy {
  boolean admits(int uid);

  /** Root and the user the server runs as. */
  static PeerPolicy rootOrServerUser() {
    int own = serverUid();
    return uid -> uid == 0 || uid == own;
  }

  /** The effective uid of this process (the owner of /proc/self). */
  static int serverUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read this process's uid", e);
    }
  }
}
