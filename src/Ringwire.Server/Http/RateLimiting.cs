using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Ringwire.Server.Options;

namespace Ringwire.Server.Http;

/// <summary>Limits how fast one user token can place calls, so that a leaked token cannot ring people without end.</summary>
internal static class RateLimiting
{
    public const string PlaceCallPolicy = "place-call";

    public static void Configure(RateLimiterOptions limiter, RateLimitOptions options)
    {
        limiter.AddPolicy(PlaceCallPolicy, context =>
        {
            // Backends (API keys) and unauthenticated requests are not limited here: the former place calls for
            // everyone, the latter are refused by the credential filter anyway.
            var authorization = context.Request.Headers.Authorization.ToString();
            if (options.CallsPerMinutePerUser == 0 || authorization.Length == 0 || context.Request.Headers.ContainsKey("X-Api-Key"))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            return RateLimitPartition.GetTokenBucketLimiter(authorization, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.CallsPerMinutePerUser,
                TokensPerPeriod = options.CallsPerMinutePerUser,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        });
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Problems.RateLimited().ExecuteAsync(context.HttpContext);
        };
    }
}
