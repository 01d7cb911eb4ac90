using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBackend.Grains.Interfaces.Storage;
using OrleansBackend.Hosting.Resilience;
using OrleansBackend.Hosting.Telemetry;
using OrleansBackend.Tests.Infrastructure;
using Polly.CircuitBreaker;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// The grain-storage circuit breaker on its own, around a storage the test makes fail, hang or answer, on a fake clock:
/// failures open it, an open circuit refuses operations without calling the storage (the database is not tried), a
/// hung operation is abandoned at the timeout, the break ends in a probe that closes it, etag conflicts do not count,
/// and the gauge alert rules watch reports it.
/// </summary>
public sealed class CircuitBreakingGrainStorageTests
{
    private static readonly StorageResilienceOptions Options = new()
    {
        Timeout = TimeSpan.FromSeconds(5),
        FailureRatio = 0.5,
        SamplingDuration = TimeSpan.FromSeconds(10),
        MinimumThroughput = 4,
        BreakDuration = TimeSpan.FromSeconds(20),
    };

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ScriptedStorage _database = new();
    private readonly string _provider = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly CircuitBreakingGrainStorage _storage;

    public CircuitBreakingGrainStorageTests()
    {
        _storage = new CircuitBreakingGrainStorage(_database, _provider, Options, _clock, NullLogger<CircuitBreakingGrainStorage>.Instance);
    }

    [Fact]
    public async Task FailuresOpenTheCircuitAndAnOpenCircuitRefusesWithoutTryingTheDatabase()
    {
        _database.Failure = () => new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        for (var i = 0; i < Options.MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<NpgsqlException>(() => WriteAsync());
        }

        Assert.Equal(CircuitState.Open, _storage.State);
        var calls = _database.Calls;
        var refusal = await Assert.ThrowsAsync<StorageUnavailableException>(() => WriteAsync());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.ReadStateAsync("s", Grain, new GrainState<int>()));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _storage.ClearStateAsync("s", Grain, new GrainState<int>()));
        Assert.Equal(calls, _database.Calls);
        Assert.Equal(Options.BreakDuration, refusal.RetryAfter);
    }

    [Fact]
    public async Task AfterTheBreakAProbeThatSucceedsClosesTheCircuit()
    {
        _database.Failure = () => new NpgsqlException("Failed to connect");
        for (var i = 0; i < Options.MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<NpgsqlException>(() => WriteAsync());
        }

        _database.Failure = null;
        _clock.Advance(Options.BreakDuration / 2);
        var refusal = await Assert.ThrowsAsync<StorageUnavailableException>(() => WriteAsync());
        Assert.Equal(Options.BreakDuration / 2, refusal.RetryAfter);

        _clock.Advance(Options.BreakDuration / 2);
        var state = new GrainState<int> { State = 7 };
        await _storage.WriteStateAsync("s", Grain, state);
        Assert.Equal(CircuitState.Closed, _storage.State);
        Assert.Equal(7, _database.Written);
    }

    [Fact]
    public async Task AHungOperationIsAbandonedAtTheTimeoutAndCountsAsAFailure()
    {
        _database.Hang = true;
        var writes = Enumerable.Range(0, Options.MinimumThroughput).Select(_ => WriteAsync()).ToList();
        await Eventually.True(() => _database.Calls == Options.MinimumThroughput, "the writes reached the storage");
        Assert.All(writes, w => Assert.False(w.IsCompleted));
        _clock.Advance(Options.Timeout);
        foreach (var write in writes)
        {
            var timedOut = await Assert.ThrowsAsync<StorageUnavailableException>(() => write);
            Assert.Contains("did not answer", timedOut.Message);
        }

        Assert.Equal(CircuitState.Open, _storage.State);
    }

    [Fact]
    public async Task EtagConflictsAreAnswersAndDoNotOpenTheCircuit()
    {
        _database.Failure = () => new InconsistentStateException("stale etag", "2", "1", new NpgsqlException("wrapped"));
        for (var i = 0; i < Options.MinimumThroughput * 3; i++)
        {
            await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync());
        }

        Assert.Equal(CircuitState.Closed, _storage.State);
    }

    [Fact]
    public async Task TheGaugeReportsTheCircuitOfEachProviderAndRefusalsAreCounted()
    {
        using var listener = new MeterListener();
        var open = new List<int>();
        long refused = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StorageCircuitMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (instrument is { Name: "orleansbackend.storage.circuit.open", Unit: "{circuit}" } && HasProvider(tags))
            {
                open.Add(value);
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "orleansbackend.storage.circuit.rejected" && HasProvider(tags))
            {
                refused += value;
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();
        Assert.Equal([0], open);

        _database.Failure = () => new NpgsqlException("Failed to connect");
        for (var i = 0; i < Options.MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<NpgsqlException>(() => WriteAsync());
        }

        await Assert.ThrowsAsync<StorageUnavailableException>(() => WriteAsync());
        open.Clear();
        listener.RecordObservableInstruments();
        Assert.Equal([1], open);
        Assert.Equal(1, refused);
    }

    [Theory]
    [InlineData("Timeout", "00:00:00")]
    [InlineData("FailureRatio", "0")]
    [InlineData("FailureRatio", "1.5")]
    [InlineData("SamplingDuration", "00:00:00.1")]
    [InlineData("MinimumThroughput", "1")]
    [InlineData("BreakDuration", "00:00:00")]
    public void ABadSettingIsRefusedByName(string key, string value)
    {
        var options = new StorageResilienceOptions();
        var property = typeof(StorageResilienceOptions).GetProperty(key)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value) : Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"Storage:Resilience:{key}", options.Problem());
        Assert.Null(new StorageResilienceOptions().Problem());
    }

    private static GrainId Grain { get; } = GrainId.Create("circuit-test", "1");

    private bool HasProvider(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "provider" && Equals(tag.Value, _provider))
            {
                return true;
            }
        }

        return false;
    }

    private Task WriteAsync() => _storage.WriteStateAsync("s", Grain, new GrainState<int> { State = 1 });

    /// <summary>A grain storage that fails, hangs or stores, as the test says.</summary>
    private sealed class ScriptedStorage : IGrainStorage
    {
        private int _calls;

        public Func<Exception>? Failure { get; set; }

        public bool Hang { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public object? Written { get; private set; }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => RunAsync(() => { });

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => RunAsync(() => Written = grainState.State);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => RunAsync(() => { });

        private Task RunAsync(Action apply)
        {
            Interlocked.Increment(ref _calls);
            if (Hang)
            {
                return new TaskCompletionSource().Task;
            }

            if (Failure is { } failure)
            {
                return Task.FromException(failure());
            }

            apply();
            return Task.CompletedTask;
        }
    }
}
