using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Tests.Api;

/// <summary>When grain storage fails, readiness says 503 and requests get a clear, retryable 503 — never a 500.</summary>
public sealed class StorageOutageTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new(configureServices: services =>
    {
        services.RemoveAllKeyed<IGrainStorage>(GrainStorageNames.Default);
        services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, new UnavailableStorage());
    });

    private ApiClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new ApiClient(_factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ReadinessFailsAndRequestsAreServiceUnavailable()
    {
        var live = await _client.GetAsync("/health/live");
        var ready = await _client.GetAsync("/health/ready");
        var register = await _client.RegisterAsync(ApiClient.UniqueEmail("outage"), "a long enough password");
        var login = await _client.LoginAsync(ApiClient.UniqueEmail("outage"), "a long enough password");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("service_unavailable", ready.Code);
        foreach (var response in new[] { register, login })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
            Assert.Equal("service_unavailable", response.Code);
            Assert.Equal("application/problem+json", response.ContentType);
            Assert.Equal("1", response.Header("Retry-After"));
        }
    }

    private sealed class UnavailableStorage : IGrainStorage
    {
        public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
            throw new StorageException("The database is down (test).");

        public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
            throw new StorageException("The database is down (test).");

        public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
            throw new StorageException("The database is down (test).");
    }
}
