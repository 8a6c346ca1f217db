using System.Security.Cryptography;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Ringwire.Push;
using Ringwire.Push.Apns;
using Ringwire.Server.Auth;
using Ringwire.Server.Calls;
using Ringwire.Server.Channel;
using Ringwire.Server.Cluster;
using Ringwire.Server.Dashboard;
using Ringwire.Server.Hosting;
using Ringwire.Server.Http;
using Ringwire.Server.Logging;
using Ringwire.Server.Observability;
using Ringwire.Server.OpenApi;
using Ringwire.Server.Options;
using Ringwire.Server.VirtualPhones;
using Ringwire.Storage;
using Ringwire.Storage.Postgres;
using Ringwire.Storage.Sqlite;

// In this namespace so that AddRingwire() is found wherever services are configured.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

public static class RingwireServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Ringwire server: stores, the switchboard, the device channel and authentication, configured from the
    /// <c>Ringwire</c> section. Registrations use TryAdd, so a host may replace any of them (a <see cref="TimeProvider"/>,
    /// an <see cref="IPushSender"/>) before or after this call.
    /// </summary>
    public static IServiceCollection AddRingwire(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RingwireMarker>();
        services.AddOptions<RingwireOptions>().Bind(configuration.GetSection(RingwireOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RingwireOptions>, RingwireOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);

        var storage = configuration.GetSection(RingwireOptions.Section).GetSection(nameof(RingwireOptions.Storage)).Get<StorageOptions>() ?? new StorageOptions();
        AddStores(services, storage);

        services.TryAddSingleton(sp =>
        {
            var key = UserTokens.KeyFrom(sp.GetRequiredService<IOptions<RingwireOptions>>().Value.TokenSigningKey);
            if (key.Generated)
            {
                StartupLog.GeneratedSigningKey(sp.GetRequiredService<ILogger<UserTokens>>());
            }

            return new UserTokens(key, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new ApiKeys(ConfiguredOrDevelopmentKeys(sp)));
        services.TryAddSingleton<CredentialReader>();

        services.AddMetrics();
        services.TryAddSingleton<PushMetrics>();
        services.TryAddSingleton<PushOutcomeHistory>();
        services.TryAddSingleton<DeviceRoster>();
        services.TryAddSingleton<DashboardFiles>();
        services.TryAddSingleton<CallMetrics>();
        services.TryAddSingleton<GhostRingGuards>();
        services.TryAddSingleton<PushServiceHealth>();
        services.TryAddSingleton(PushRetryBudget.Default);
        services.TryAddSingleton(ConfiguredApns);
        services.TryAddSingleton(sp => BuiltInApns.Start(sp.GetRequiredService<IOptions<RingwireOptions>>().Value.Apns,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BuiltInApns>>()));
        services.TryAddSingleton<IPushSender>(sp => new PlatformPushSender(
            sp.GetRequiredService<IOptions<RingwireOptions>>().Value.Apns.HasKey ? sp.GetRequiredService<ApnsSender>() : sp.GetRequiredService<BuiltInApns>().Sender,
            fcm: null));

        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RingwireOptions>>().Value.Ringing.ToRules());
        services.TryAddSingleton<DeviceConnections>();
        services.TryAddSingleton<NodeId>();
        services.TryAddSingleton<CallDeadlines>();
        services.TryAddSingleton<CallEvents>();
        services.TryAddSingleton<ConnectUrl>();
        services.TryAddSingleton<RingingCalls>();
        services.TryAddSingleton<Ringer>();
        services.TryAddSingleton<Switchboard>();
        services.TryAddSingleton<DeviceChannel>();
        services.TryAddSingleton<LabPhones>();

        // Request bodies over 64 KiB are refused (contract §3); JsonBody turns the refusal into problem+json.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = JsonBody.MaxBytes);
        services.AddHostedService<DeadlineRecovery>();
        services.AddHostedService<ApnsCredentialCheck>();
        services.AddHostedService<OtlpMetricsExport>();
        services.AddHostedService<RetentionSweep>();
        if (storage.IsPostgres)
        {
            // After DeadlineRecovery, which migrates the schema: hosted services start in order.
            services.AddHostedService(sp => sp.GetRequiredService<PostgresCallBroadcast>());
            services.AddHostedService<CallNoticeListener>();
            services.AddHostedService<PresenceRenewal>();
            services.AddHostedService<DeadlineSweep>();
        }

        // The document at /openapi/v1.json (MapRingwire maps it); see RingwireOpenApi for what it includes.
        services.AddOpenApi(RingwireOpenApi.DocumentName, RingwireOpenApi.Configure);
        services.AddRateLimiter(limiter => RateLimiting.Configure(limiter, configuration.GetSection(RingwireOptions.Section)
            .GetSection(nameof(RingwireOptions.RateLimits)).Get<RateLimitOptions>() ?? new RateLimitOptions()));
        return services;
    }

    /// <summary>
    /// The provider's database (whose schema is migrated at start) and its three stores. On PostgreSQL also what lets
    /// several nodes share it: call changes announced and heard over LISTEN/NOTIFY, device presence every node can
    /// see, and a sweep that ends the overdue calls of a node that died. SQLite serves one node, all in process.
    /// </summary>
    private static void AddStores(IServiceCollection services, StorageOptions storage)
    {
        if (storage.IsPostgres)
        {
            services.TryAddSingleton(sp => new PostgresDatabase(Validated(sp).Storage.ConnectionString));
            services.TryAddSingleton<IStoreSchema>(sp => sp.GetRequiredService<PostgresDatabase>());
            services.TryAddSingleton<PostgresCallStore>();
            services.TryAddSingleton<ICallStore>(sp => sp.GetRequiredService<PostgresCallStore>());
            services.TryAddSingleton<ICallSweepStore>(sp => sp.GetRequiredService<PostgresCallStore>());
            services.TryAddSingleton<IRecentCallsStore>(sp => sp.GetRequiredService<PostgresCallStore>());
            services.TryAddSingleton<IDeviceStore, PostgresDeviceStore>();
            services.TryAddSingleton<IUserStore, PostgresUserStore>();
            services.TryAddSingleton<IPresenceStore, PostgresPresenceStore>();

            services.TryAddSingleton<PostgresCallBroadcast>();
            services.TryAddSingleton<ICallBroadcast>(sp => sp.GetRequiredService<PostgresCallBroadcast>());
            services.TryAddSingleton<SharedPresence>();
            services.TryAddSingleton<IDevicePresence>(sp => sp.GetRequiredService<SharedPresence>());
        }
        else
        {
            services.TryAddSingleton<ICallBroadcast, SingleNodeBroadcast>();
            services.TryAddSingleton<IDevicePresence, LocalPresence>();
            services.TryAddSingleton(sp => new SqliteDatabase(Validated(sp).Storage.ConnectionString));
            services.TryAddSingleton<IStoreSchema>(sp => sp.GetRequiredService<SqliteDatabase>());
            services.TryAddSingleton<ICallStore, SqliteCallStore>();
            services.TryAddSingleton<IDeviceStore, SqliteDeviceStore>();
            services.TryAddSingleton<IUserStore, SqliteUserStore>();
        }
    }

    /// <summary>
    /// The options, validated: what a database is built from, so that a wrong connection string is one of the listed
    /// configuration errors rather than the driver's exception from wherever the database is first needed (on
    /// PostgreSQL, a hosted service built before the options are validated at start).
    /// </summary>
    private static RingwireOptions Validated(IServiceProvider services) => services.GetRequiredService<IOptions<RingwireOptions>>().Value;

    private static ApnsSender ConfiguredApns(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RingwireOptions>>().Value.Apns;
        var settings = options.ToSettings();
        StartupLog.ApnsConfigured(services.GetRequiredService<ILogger<ApnsSender>>(), settings.KeyId, settings.TeamId, settings.BundleId,
            settings.Endpoint?.ToString() ?? "Apple's production or sandbox host per device");
        return new ApnsSender(settings, services.GetRequiredService<TimeProvider>());
    }

    private static string[] ConfiguredOrDevelopmentKeys(IServiceProvider services)
    {
        var keys = services.GetRequiredService<IOptions<RingwireOptions>>().Value.ApiKeys;
        if (keys.Count > 0)
        {
            return [.. keys];
        }

        var logger = services.GetRequiredService<ILogger<ApiKeys>>();
        if (services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            var generated = "rw_dev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            StartupLog.GeneratedApiKey(logger, generated);
            return [generated];
        }

        StartupLog.NoApiKeys(logger);
        return [];
    }
}
