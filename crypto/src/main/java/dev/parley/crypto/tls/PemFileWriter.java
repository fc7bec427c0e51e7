package dev.parley.crypto.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Writes PEM files atomically with fixed permissions. Stateless. */
final class PemFileWriter {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private PemFileWriter() {}

  static void writeCertificate(X509Certificate certificate, Path file) throws IOException {
    Objects.requireNonNull(certificate, "certificate");
    byte[] der;
    try {
      der = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
    }
    writeAtomically(file, pem("CERTIFICATE", der), WORLD_READABLE);
  }

  static void writePrivateKey(PrivateKey key, Path file) throws IOException {
    Objects.requireNonNull(key, "key");
    // JDK keys encode as PKCS#8 PrivateKeyInfo, which is exactly the "PRIVATE KEY" PEM body.
    if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
      throw new IllegalArgumentException("private key is not PKCS#8-encodable: " + key.getFormat());
    }
    writeAtomically(file, pem("PRIVATE KEY", key.getEncoded()), OWNER_ONLY);
  }

  private static byte[] pem(String type, byte[] der) throws IOException {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject(type, der));
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The temporary file is created with {@code permissions} already set, so a private key is never
   * readable by others, not even between create and chmod.
   */
  private static void writeAtomically(
      Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    Objects.requireNonNull(file, "file");
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
    try {
      Files.write(temp, content);
      if (posix) {
        // The umask can strip bits from the create-time attribute (e.g. 0644 -> 0640); set exactly.
        Files.setPosixFilePermissions(temp, permissions);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
