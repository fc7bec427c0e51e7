package dev.parley.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.frame.FrameEncoder;
import dev.parley.protocol.frame.ProtoFrameDecoder;
import dev.parley.protocol.frame.VarintFrameDecoder;
import dev.parley.protocol.transport.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint: a Unix domain socket (mode 0600, peers checked by uid) and, when configured, a
 * loopback TCP port that needs a token. Never the client port. One event loop thread takes requests;
 * one work thread does the file work (backup listing and verification, JSON of large results); the
 * storage does the rest on its own threads.
 *
 * <p>{@link #start} and {@link #close} block; call them from the server's start and close.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  /** Requests are small; a bigger frame is a bug or an attack. */
  private static final int MAX_REQUEST_BYTES = 1 << 20;
  private static final int MIN_TOKEN_CHARS = 16;

  private final EventLoopGroup group;
  private final ExecutorService work;
  private final AuditLog audit;
  private final List<Channel> listeners;
  private final Path socket;

  private AdminServer(EventLoopGroup group, ExecutorService work, AuditLog audit, List<Channel> listeners, Path socket) {
    this.group = group;
    this.work = work;
    this.audit = audit;
    this.listeners = listeners;
    this.socket = socket;
  }

  /**
   * Binds the admin socket at {@code ctx.config().adminSocketPath()} (replacing a stale one: the data
   * directory's lock already ensures no other server uses it) and the TCP endpoint if configured.
   */
  public static AdminServer start(AdminContext ctx, PeerPolicy policy) {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException("the admin socket needs Linux epoll: " + Epoll.unavailabilityCause());
    }
    var ops = ctx.config().operations();
    ObjectMapper json = new ObjectMapper();
    ExecutorService work =
        Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("parley-admin-work").daemon(true).unstarted(r));
    AuditLog audit = new AuditLog(ctx.config().dataDir().resolve("audit.log"), ctx.clock(), json);
    CommandTable table = new CommandTable();
    new ServerCommands(ctx).register(table);
    new UserCommands(ctx).register(table);
    new GroupCommands(ctx).register(table);
    new BackupCommands(ctx, work).register(table);
    AdminDispatcher dispatcher = new AdminDispatcher(table, audit, json, work);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-admin", true), EpollIoHandler.newFactory());
    List<Channel> listeners = new ArrayList<>();
    Path socket = ctx.config().adminSocketPath().toAbsolutePath();
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket);
      listeners.add(
          new ServerBootstrap()
              .group(group)
              .channel(EpollServerDomainSocketChannel.class)
              .childHandler(initializer(dispatcher, new AdminHandler.Endpoint.Socket(policy)))
              .bind(new DomainSocketAddress(socket.toString()))
              .syncUninterruptibly()
              .channel());
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      log.info("admin socket on {}", socket);
      if (ops.adminTcpPort() != 0) {
        byte[] token = readToken(ops.adminTokenFile().orElseThrow());
        Channel tcp =
            new ServerBootstrap()
                .group(group)
                .channel(NettyTransport.EPOLL.serverSocketChannel())
                .childHandler(initializer(dispatcher, new AdminHandler.Endpoint.Tcp(token)))
                .bind(new InetSocketAddress(ops.adminTcpHost(), ops.adminTcpPort()))
                .syncUninterruptibly()
                .channel();
        listeners.add(tcp);
        log.info("admin TCP endpoint on {} (token required)", tcp.localAddress());
      }
      return new AdminServer(group, work, audit, listeners, socket);
    } catch (IOException | RuntimeException e) {
      listeners.forEach(Channel::close);
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      work.shutdown();
      if (e instanceof IOException io) throw new UncheckedIOException("cannot open the admin socket " + socket, io);
      throw (RuntimeException) e;
    }
  }

  private static ChannelInitializer<Channel> initializer(AdminDispatcher dispatcher, AdminHandler.Endpoint endpoint) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast("frames", new VarintFrameDecoder(MAX_REQUEST_BYTES))
            .addLast("proto", ProtoFrameDecoder.ADMIN_REQUESTS)
            .addLast("encoder", FrameEncoder.INSTANCE)
            .addLast("admin", new AdminHandler(dispatcher, endpoint));
      }
    };
  }

  private static byte[] readToken(Path file) throws IOException {
    String token = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    if (token.length() < MIN_TOKEN_CHARS) {
      throw new IllegalArgumentException("admin token in " + file + " is shorter than " + MIN_TOKEN_CHARS + " characters");
    }
    return token.getBytes(StandardCharsets.UTF_8);
  }

  public Path socket() {
    return socket;
  }

  /** The loopback TCP endpoint's bound address, if it is on. */
  public Optional<InetSocketAddress> tcpAddress() {
    return listeners.size() > 1 ? Optional.of((InetSocketAddress) listeners.get(1).localAddress()) : Optional.empty();
  }

  @Override
  public void close() {
    listeners.forEach(c -> c.close().awaitUninterruptibly(2_000));
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    work.shutdown();
    try {
      work.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    audit.close();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log.warn("cannot remove the admin socket {}", socket, e);
    }
  }
}
