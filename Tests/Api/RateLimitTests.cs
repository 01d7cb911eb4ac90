using System.Net;

namespace OrleansBackend.Tests.Api;

/// <summary>Per-address and per-token limits answer 429 rate_limited with Retry-After.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PerClientAddress:Burst"] = "30",
        ["RateLimiting:PerClientAddress:TokensPerPeriod"] = "1",
        ["RateLimiting:PerClientAddress:Period"] = "01:00:00",
        ["RateLimiting:PerToken:Burst"] = "5",
        ["RateLimiting:PerToken:TokensPerPeriod"] = "1",
        ["RateLimiting:PerToken:Period"] = "01:00:00",
    });

    private ApiClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new ApiClient(_factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ATokenPastItsBudgetIsRateLimitedWhileTheAddressStillHasRoomAndHealthIsExempt()
    {
        var user = await _client.NewUserAsync("limited");
        var statuses = new List<ApiResponse>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add(await _client.GetAsync("/v1/users/me", user.Token));
        }

        var limited = statuses.First(r => r.Status == HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", limited.Code);
        Assert.Equal("application/problem+json", limited.ContentType);
        Assert.True(int.Parse(limited.Header("Retry-After"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(5, statuses.Count(r => r.Status == HttpStatusCode.OK));

        // The address bucket is separate: an anonymous request still passes.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.GetAsync("/v1/nothing")).Status);

        // Past the address budget everything is limited, except the health probes.
        ApiResponse? last = null;
        for (var i = 0; i < 30; i++)
        {
            last = await _client.GetAsync("/v1/nothing");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.Status);
        Assert.True(int.Parse(last.Header("Retry-After"), System.Globalization.CultureInfo.InvariantCulture) > 60);
        Assert.Equal("rate_limited", last.Code);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).Status);
    }
}
