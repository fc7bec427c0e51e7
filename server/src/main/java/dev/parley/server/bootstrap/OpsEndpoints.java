package dev.parley.server.bootstrap;

import dev.parley.server.admin.AdminContext;
import dev.parley.server.admin.AdminServer;
import dev.parley.server.admin.PeerPolicy;
import dev.parley.server.metrics.MetricsHttpServer;
import dev.parley.server.metrics.StorageGauges;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The operator's side of a running server: the admin endpoint, metrics and health, JVM and storage gauges. */
final class OpsEndpoints implements AutoCloseable {
  private static final Duration STORAGE_STATS_INTERVAL = Duration.ofSeconds(15);

  private final AdminServer admin;
  private final MetricsHttpServer http;
  private final StorageGauges storageGauges;
  private final JvmGcMetrics gc;

  private OpsEndpoints(AdminServer admin, MetricsHttpServer http, StorageGauges storageGauges, JvmGcMetrics gc) {
    this.admin = admin;
    this.http = http;
    this.storageGauges = storageGauges;
    this.gc = gc;
  }

  static OpsEndpoints start(AdminContext ctx, PeerPolicy policy, BooleanSupplier ready) {
    var meters = ctx.metrics().registry();
    var ops = ctx.config().operations();
    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    StorageGauges storageGauges = new StorageGauges(ctx.storage().admin(), meters, STORAGE_STATS_INTERVAL);
    MetricsHttpServer http = null;
    try {
      if (ops.metricsEnabled()) {
        Optional<Supplier<String>> scrape =
            meters instanceof PrometheusMeterRegistry p ? Optional.of(p::scrape) : Optional.empty();
        http = MetricsHttpServer.start(ops.metricsHost(), ops.metricsPort(), scrape, ready);
      }
      return new OpsEndpoints(AdminServer.start(ctx, policy), http, storageGauges, gc);
    } catch (RuntimeException e) {
      if (http != null) http.close();
      storageGauges.close();
      gc.close();
      throw e;
    }
  }

  /**
   * Makes commit batch sizes and write latency histograms, so percentiles can be computed across
   * servers. Must run before the storage registers those meters: a filter applies to later meters only.
   */
  static void configure(MeterRegistry meters) {
    meters.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().startsWith("parley.commit.")) return config;
        return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
      }
    });
  }

  AdminServer admin() {
    return admin;
  }

  Optional<MetricsHttpServer> http() {
    return Optional.ofNullable(http);
  }

  @Override
  public void close() {
    admin.close();
    if (http != null) http.close();
    storageGauges.close();
    gc.close();
  }
}
