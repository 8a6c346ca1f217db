using System.Text;
using Microsoft.Extensions.Options;

namespace Ringwire.Server.Options;

/// <summary>Checks the whole configuration at start-up and reports every mistake at once.</summary>
internal sealed class RingwireOptionsValidation : IValidateOptions<RingwireOptions>
{
    public ValidateOptionsResult Validate(string? name, RingwireOptions options)
    {
        List<string> errors = [];
        if (!options.Storage.IsPostgres && !string.Equals(options.Storage.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Ringwire:Storage:Provider '{options.Storage.Provider}' is not known; use '{StorageOptions.Sqlite}' or '{StorageOptions.Postgres}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            errors.Add("Ringwire:Storage:ConnectionString is empty.");
        }
        else if (ConnectionStringError(options.Storage) is { } connectionError)
        {
            errors.Add($"Ringwire:Storage:ConnectionString is not a {options.Storage.Provider} connection string: {connectionError}");
        }

        if (options.TokenSigningKey is { } key && Encoding.UTF8.GetByteCount(key) < 32)
        {
            errors.Add("Ringwire:TokenSigningKey must be at least 32 bytes.");
        }

        if (options.PublicUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss"))
        {
            errors.Add($"Ringwire:PublicUrl '{url}' is not an absolute http(s) or ws(s) URL.");
        }

        var ringing = options.Ringing;
        if (ringing.MaxRingSeconds < Core.RingingRules.MinRingSeconds)
        {
            errors.Add($"Ringwire:Ringing:MaxRingSeconds must be at least {Core.RingingRules.MinRingSeconds}.");
        }

        if (ringing.DefaultRingSeconds < Core.RingingRules.MinRingSeconds || ringing.DefaultRingSeconds > ringing.MaxRingSeconds)
        {
            errors.Add($"Ringwire:Ringing:DefaultRingSeconds must be between {Core.RingingRules.MinRingSeconds} and MaxRingSeconds ({ringing.MaxRingSeconds}).");
        }

        if (ringing.ClaimTimeoutSeconds <= 0)
        {
            errors.Add("Ringwire:Ringing:ClaimTimeoutSeconds must be positive.");
        }

        if (options.Devices.MaxPerUser < 1)
        {
            errors.Add("Ringwire:Devices:MaxPerUser must be at least 1.");
        }

        if (options.Retention.Days < 1)
        {
            errors.Add("Ringwire:Retention:Days must be at least 1.");
        }

        if (options.Channel.KeepAliveSeconds <= 0 || options.Channel.KeepAliveTimeoutSeconds <= 0)
        {
            errors.Add("Ringwire:Channel:KeepAliveSeconds and KeepAliveTimeoutSeconds must be positive.");
        }

        if (options.RateLimits.CallsPerMinutePerUser < 0)
        {
            errors.Add("Ringwire:RateLimits:CallsPerMinutePerUser must be 0 (off) or more.");
        }

        if (options.ApiKeys.Any(k => k.Length < 16))
        {
            errors.Add("Every Ringwire:ApiKeys entry must be at least 16 characters.");
        }

        var cluster = options.Cluster;
        if (cluster.SweepSeconds <= 0 || cluster.SweepGraceSeconds < 0 || cluster.PresenceSeconds <= 0 || cluster.ListenRetryMaxSeconds <= 0)
        {
            errors.Add("Ringwire:Cluster:SweepSeconds, PresenceSeconds and ListenRetryMaxSeconds must be positive, SweepGraceSeconds 0 or more.");
        }

        if (options.Otlp.Endpoint is { } otlp && !(Uri.TryCreate(otlp, UriKind.Absolute, out var otlpUri) && otlpUri.Scheme is "http" or "https"))
        {
            errors.Add($"Ringwire:Otlp:Endpoint '{otlp}' is not an absolute http(s) URL (an OTLP/HTTP receiver, e.g. http://collector:4318).");
        }

        if (options.Otlp.ExportIntervalMilliseconds is <= 0)
        {
            errors.Add("Ringwire:Otlp:ExportIntervalMilliseconds must be positive.");
        }

        errors.AddRange(options.Apns.Mistakes());
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? ConnectionStringError(StorageOptions storage)
    {
        try
        {
            _ = storage.IsPostgres
                ? new Npgsql.NpgsqlConnectionStringBuilder(storage.ConnectionString).ConnectionString
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storage.ConnectionString).ConnectionString;
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
