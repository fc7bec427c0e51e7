package dev.parley.server.metrics;

import dev.parley.storage.admin.AdminStore;
import dev.parley.storage.admin.StorageStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's statistics as gauges. They are refreshed every {@code interval} on the storage's
 * maintenance thread and scrapes read the last values, so a scrape never touches the database (and
 * can never race its close).
 */
public final class StorageGauges implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StorageGauges.class);
  private static final StorageStats NONE = new StorageStats(Map.of(), 0, 0, 0, 0, 0);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("parley-storage-gauges").daemon(true).unstarted(r));
  private volatile StorageStats last = NONE;

  public StorageGauges(AdminStore store, MeterRegistry meters, Duration interval) {
    gauge(meters, "parley.inbox.depth", "messages stored and not yet acknowledged, all inboxes (estimate)",
        s -> s.estimatedKeys().getOrDefault("inbox", 0L));
    gauge(meters, "parley.rocksdb.live.data.bytes", "estimated live data", StorageStats::liveDataBytes);
    gauge(meters, "parley.rocksdb.sst.bytes", "total SST file size", StorageStats::sstFilesBytes);
    gauge(meters, "parley.rocksdb.memtable.bytes", "memtables, all families", StorageStats::memtableBytes);
    gauge(meters, "parley.rocksdb.block.cache.bytes", "block cache in use", StorageStats::blockCacheBytes);
    gauge(meters, "parley.rocksdb.pending.compaction.bytes", "bytes compaction has yet to rewrite",
        StorageStats::pendingCompactionBytes);
    timer.scheduleWithFixedDelay(() -> refresh(store), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<StorageStats> value) {
    Gauge.builder(name, this, g -> value.applyAsDouble(g.last)).description(description).register(meters);
  }

  private void refresh(AdminStore store) {
    store.stats().whenComplete((s, err) -> {
      if (err != null) log.debug("storage statistics unavailable: {}", err.toString());
      else last = s;
    });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
