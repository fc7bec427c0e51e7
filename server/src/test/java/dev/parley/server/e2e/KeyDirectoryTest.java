package dev.parley.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.DeviceMessage;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.FetchPrekeys;
import dev.parley.protocol.v1.IdentityDhKey;
import dev.parley.protocol.v1.PrekeyBundle;
import dev.parley.protocol.v1.Send;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.UploadPrekeys;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The key directory as a client without the SDK sees it: signatures checked, one-time keys used once. */
@Timeout(120)
class KeyDirectoryTest {
  @TempDir Path data;
  TestServer server;
  long nextRequest = 100;

  @BeforeEach
  void start() {
    server = TestServer.start(data);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ServerFrame request(RawConnection c, ClientFrame.Builder f) throws Exception {
    long id = nextRequest++;
    c.send(f.setRequestId(id).build());
    ServerFrame answer = c.read();
    while (answer.getRequestId() != id) answer = c.read(); // skip pushed events
    return answer;
  }

  PrekeyBundle fetchOne(RawConnection c, String user) throws Exception {
    ServerFrame f = request(c, ClientFrame.newBuilder().setFetchPrekeys(FetchPrekeys.newBuilder().setUsername(user)));
    assertThat(f.hasPrekeyBundles()).as(f.toString()).isTrue();
    return f.getPrekeyBundles().getBundles(0);
  }

  @Test
  void aKeyWithABadSignatureIsRefusedAndNothingIsStored() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.registerWithPrekeys("mallory");
      UploadPrekeys forged = UploadPrekeys.newBuilder()
          .setIdentityDh(IdentityDhKey.newBuilder()
              .setPublicKey(ByteString.copyFrom(new byte[32])).setSignature(ByteString.copyFrom(new byte[64])))
          .build();
      ServerFrame f = request(c, ClientFrame.newBuilder().setUploadPrekeys(forged));
      assertThat(f.getError().getCode()).isEqualTo(ErrorCode.INVALID_PREKEY);
      // The connection stays usable and the real keys are still served.
      assertThat(fetchOne(c, "mallory").getIdentityDh().getPublicKey().size()).isEqualTo(32);
    }
  }

  @Test
  void everyOneTimePrekeyIsHandedOutOnceThenTheLastResortKeyServes() throws Exception {
    try (TestClient bob = TestClient.registered(server, "bob");
        RawConnection alice = RawConnection.tls(server)) {
      alice.registerWithPrekeys("alice");
      assertThat(bob.account().username()).isEqualTo("bob");
      Set<Integer> oneTime = new HashSet<>();
      Set<Integer> kem = new HashSet<>();
      int lastResortSeen = 0;
      for (int i = 0; i < 150; i++) {
        PrekeyBundle b = fetchOne(alice, "bob");
        if (b.hasOneTimePrekey()) assertThat(oneTime.add(b.getOneTimePrekey().getId())).as("one-time key reused").isTrue();
        if (b.getKemPrekey().getLastResort()) lastResortSeen++;
        else assertThat(kem.add(b.getKemPrekey().getId())).as("one-time KEM key reused").isTrue();
      }
      // The first 100 fetches took the 100 one-time keys of the first upload, each exactly once.
      assertThat(oneTime).hasSizeGreaterThanOrEqualTo(100);
      assertThat(kem.size() + lastResortSeen).isEqualTo(150);
    }
  }

  @Test
  void aDeviceWhoseStockRunsLowIsToldAndTopsItUp() throws Exception {
    try (TestClient bob = TestClient.registered(server, "bob");
        RawConnection alice = RawConnection.tls(server)) {
      alice.registerWithPrekeys("alice");
      assertThat(bob.account().username()).isEqualTo("bob");
      int firstBatchKem = 0;
      for (int i = 0; i < 30; i++) firstBatchKem = Math.max(firstBatchKem, fetchOne(alice, "bob").getKemPrekey().getId());
      // Below the low-water mark bob's SDK is told to upload more: keys with newer ids appear.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int seen = firstBatchKem;
      while (seen <= firstBatchKem + 20 && System.nanoTime() < deadline) {
        PrekeyBundle b = fetchOne(alice, "bob");
        if (!b.getKemPrekey().getLastResort()) seen = Math.max(seen, b.getKemPrekey().getId());
      }
      assertThat(seen).as("a KEM prekey from a newer upload").isGreaterThan(firstBatchKem + 20);
    }
  }

  @Test
  void aSendWhoseDevicesAreNotTheCurrentOnesIsRefusedNamingThem() throws Exception {
    try (TestClient bob = TestClient.registered(server, "bob");
        RawConnection alice = RawConnection.tls(server)) {
      alice.registerWithPrekeys("alice");
      Send send = Send.newBuilder()
          .setRecipientUsername("bob")
          .setClientMsgId(ByteString.copyFrom(new byte[16]))
          .addDeviceMessages(DeviceMessage.newBuilder().setDeviceId(9999).setCiphertext(ByteString.copyFromUtf8("x")))
          .build();
      ServerFrame f = request(alice, ClientFrame.newBuilder().setSend(send));
      assertThat(f.getError().getCode()).isEqualTo(ErrorCode.DEVICE_MISMATCH);
      assertThat(f.getError().getMissingDeviceIdsList()).containsExactly(bob.account().deviceId());
      assertThat(f.getError().getExtraDeviceIdsList()).containsExactly(9999L);
    }
  }
}
