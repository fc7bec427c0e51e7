package dev.parley.server.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.Hello;
import dev.parley.protocol.v1.Register;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.Welcome;
import dev.parley.protocol.version.ProtocolVersion;
import dev.parley.crypto.session.DeviceKeys;
import dev.parley.crypto.session.PrekeyFactory;
import dev.parley.protocol.v1.IdentityDhKey;
import dev.parley.protocol.v1.UploadPrekeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hand-driven client connection for protocol tests: writes raw bytes or frames and reads frames,
 * with deadlines, so tests can misbehave in ways the SDK never would.
 */
public final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] serverFingerprint;

  private RawConnection(Socket socket, byte[] serverFingerprint) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.serverFingerprint = serverFingerprint;
    socket.setSoTimeout((int) TestClient.WAIT.toMillis());
  }

  /** A TLS connection (the test trusts the server it started). */
  public static RawConnection tls(TestServer server) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.address().port());
    s.setEnabledProtocols(new String[] {"TLSv1.3"});
    s.startHandshake();
    X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
    return new RawConnection(s, CertificateFingerprint.of(cert).sha256());
  }

  /**
   * A TLS connection from local address {@code from} (any 127.x.y.z works on Linux), so that tests
   * can play several sources; with a receive buffer of {@code receiveBufferBytes} (0 = the default).
   */
  public static RawConnection tlsFrom(TestServer server, String from, int receiveBufferBytes) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    Socket plain = new Socket();
    if (receiveBufferBytes > 0) plain.setReceiveBufferSize(receiveBufferBytes);
    plain.bind(new java.net.InetSocketAddress(from, 0));
    plain.connect(new java.net.InetSocketAddress("127.0.0.1", server.address().port()), (int) TestClient.WAIT.toMillis());
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", server.address().port(), true);
    s.setUseClientMode(true);
    s.setEnabledProtocols(new String[] {"TLSv1.3"});
    s.startHandshake();
    X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
    return new RawConnection(s, CertificateFingerprint.of(cert).sha256());
  }

  /** A plain TCP connection to the TLS port. */
  public static RawConnection plain(TestServer server) throws Exception {
    return new RawConnection(new Socket("127.0.0.1", server.address().port()), new byte[32]);
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void send(ClientFrame frame) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(buf);
    coded.writeUInt32NoTag(frame.getSerializedSize());
    frame.writeTo(coded);
    coded.flush();
    write(buf.toByteArray());
  }

  /** The next frame; fails if none arrives within the deadline or the server closed. */
  public ServerFrame read() throws IOException {
    int length = readVarint();
    if (length < 0) throw new IOException("server closed the connection");
    return ServerFrame.parseFrom(in.readNBytes(length));
  }

  /** Hello with the current version; returns the Welcome. */
  public Welcome hello() throws IOException {
    send(ClientFrame.newBuilder().setRequestId(1).setHello(Hello.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT).setClientName("raw")).build());
    return read().getWelcome();
  }

  /** A correctly signed Register for {@code username} on this connection. */
  public Register register(String username, IdentityKeyPair key, byte[] challenge) {
    byte[] pub = key.publicKey().bytes();
    byte[] transcript = LoginTranscript.forRegister(challenge, serverFingerprint, pub, username);
    return Register.newBuilder()
        .setUsername(username)
        .setDeviceIdentityKey(ByteString.copyFrom(pub))
        .setDeviceName("raw")
        .setSignature(ByteString.copyFrom(key.sign(transcript)))
        .build();
  }

  /**
   * Registers {@code username} with a fresh device on this connection and uploads a full set of
   * prekeys, as the SDK would, so that others can send to it; returns once both are answered.
   */
  public void registerWithPrekeys(String username) throws IOException {
    SecureRandom random = new SecureRandom();
    DeviceKeys keys = DeviceKeys.generate(random);
    byte[] challenge = hello().getLoginChallenge().toByteArray();
    send(ClientFrame.newBuilder().setRequestId(2).setRegister(register(username, keys.signing(), challenge)).build());
    ServerFrame registered = read();
    if (!registered.hasRegistered()) throw new IOException("not registered: " + registered);
    PrekeyFactory factory = new PrekeyFactory(keys, random);
    var cert = keys.identityDhCertificate();
    var spk = factory.signedPrekey(1).prekey();
    var lastResort = factory.kemPrekey(2, true).prekey();
    UploadPrekeys.Builder up = UploadPrekeys.newBuilder()
        .setIdentityDh(IdentityDhKey.newBuilder()
            .setPublicKey(ByteString.copyFrom(cert.key().bytes())).setSignature(ByteString.copyFrom(cert.signature())))
        .setSignedPrekey(dev.parley.protocol.v1.SignedPrekey.newBuilder()
            .setId(spk.id()).setPublicKey(ByteString.copyFrom(spk.key().bytes())).setSignature(ByteString.copyFrom(spk.signature())))
        .setLastResortKemPrekey(dev.parley.protocol.v1.KemPrekey.newBuilder()
            .setId(lastResort.id()).setPublicKey(ByteString.copyFrom(lastResort.key().bytes()))
            .setSignature(ByteString.copyFrom(lastResort.signature())).setLastResort(true));
    send(ClientFrame.newBuilder().setRequestId(3).setUploadPrekeys(up).build());
    ServerFrame stored = read();
    if (!stored.hasPrekeysStored()) throw new IOException("prekeys not stored: " + stored);
  }

  public byte[] serverFingerprint() {
    return serverFingerprint.clone();
  }

  /**
   * True once the server closed the connection (end of stream or reset) within {@code deadline};
   * frames that arrive meanwhile are skipped.
   */
  public boolean awaitClosed(Duration deadline) throws IOException {
    socket.setSoTimeout((int) deadline.toMillis());
    try {
      byte[] sink = new byte[4096];
      while (in.read(sink) >= 0) {
        // skip whatever the server still sends
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  private int readVarint() throws IOException {
    int value = 0;
    for (int i = 0; i < 5; i++) {
      int b = in.read();
      if (b < 0) return -1;
      value |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) return value;
    }
    throw new IOException("bad varint from server");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
