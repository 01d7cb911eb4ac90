using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.RateLimiting;

/// <summary>
/// Global rate limits (System.Threading.RateLimiting): one token bucket per client address and one per bearer
/// session, chained. A refusal is 429 rate_limited with Retry-After in seconds. Health probes are exempt.
/// </summary>
public static class ApiRateLimiting
{
    /// <summary>Registers the limiter.</summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => Valid(o.PerClientAddress) && Valid(o.PerToken), "RateLimiting buckets need Burst and TokensPerPeriod of at least 1 and a positive Period.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(ByClientAddress),
                PartitionedRateLimiter.Create<HttpContext, string>(ByToken));
            limiter.OnRejected = OnRejected;
        });
        return services;
    }

    private static bool Valid(TokenBucketSettings bucket) => bucket.Burst >= 1 && bucket.TokensPerPeriod >= 1 && bucket.Period > TimeSpan.Zero;

    private static RateLimitPartition<string> ByClientAddress(HttpContext context)
    {
        var options = Options(context);
        if (!options.Enabled || context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter(address, _ => Bucket(options.PerClientAddress));
    }

    private static RateLimitPartition<string> ByToken(HttpContext context)
    {
        var options = Options(context);
        var authorization = context.Request.Headers.Authorization.ToString();
        var dot = authorization.IndexOf('.', StringComparison.Ordinal);
        if (!options.Enabled || dot < 0 || authorization.Length > 512)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        // The session id part names the bucket; the secret never becomes a key in memory.
        return RateLimitPartition.GetTokenBucketLimiter(authorization[..dot], _ => Bucket(options.PerToken));
    }

    private static RateLimitOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;

    private static TokenBucketRateLimiterOptions Bucket(TokenBucketSettings settings) => new()
    {
        TokenLimit = settings.Burst,
        TokensPerPeriod = settings.TokensPerPeriod,
        ReplenishmentPeriod = settings.Period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask OnRejected(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Problems.WriteAsync(context, ProblemTypes.RateLimited.With($"Too many requests; retry in {seconds} s."));
    }
}
