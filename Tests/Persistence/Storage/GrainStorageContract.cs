using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// The grain storage contract Orleans' activations rely on, run against the silo's <c>Default</c> storage (Orleans'
/// ADO.NET provider on the backend's own scripts, resolved from a silo configured by the project's hosting): a write
/// reads back with its ETag, a writer holding a stale ETag (or a second first writer) gets
/// <see cref="InconsistentStateException"/> and changes nothing, a clear empties the state and is followed by
/// writes, and a missing row reads as no record.
/// </summary>
public abstract class GrainStorageContract
{
    private const string StateName = "storage-contract";

    /// <summary>The storage under test.</summary>
    protected abstract IServiceProvider SiloServices { get; }

    /// <summary>The silo's <c>Default</c> grain storage.</summary>
    protected IGrainStorage Storage => SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    /// <summary>A grain no other test uses.</summary>
    protected static GrainId NewGrain() => GrainId.Create("storage-contract", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ReadOfAMissingRowFindsNoRecord()
    {
        var state = new TestGrainState<StoredValue>();
        await Storage.ReadStateAsync(StateName, NewGrain(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(string.Empty, state.State.Text);
        Assert.Equal(0, state.State.Number);
    }

    [Fact]
    public async Task WriteReadsBackWithItsETag()
    {
        var grain = NewGrain();
        var written = new TestGrainState<StoredValue> { State = new StoredValue { Text = "first", Number = 1 } };
        await Storage.WriteStateAsync(StateName, grain, written);
        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("first", read.State.Text);
        Assert.Equal(1, read.State.Number);

        var firstETag = written.ETag;
        written.State = new StoredValue { Text = "second", Number = 2 };
        await Storage.WriteStateAsync(StateName, grain, written);
        Assert.NotEqual(firstETag, written.ETag);

        read = await ReadAsync(grain);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("second", read.State.Text);
        Assert.Equal(2, read.State.Number);
    }

    [Fact]
    public async Task WriterWithAStaleETagIsRefusedAndChangesNothing()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, new TestGrainState<StoredValue> { State = new StoredValue { Text = "original" } });
        var first = await ReadAsync(grain);
        var second = await ReadAsync(grain);

        first.State.Text = "from the first writer";
        await Storage.WriteStateAsync(StateName, grain, first);
        second.State.Text = "from the stale writer";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, second));

        var read = await ReadAsync(grain);
        Assert.Equal("from the first writer", read.State.Text);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task SecondFirstWriterIsRefused()
    {
        // Both read a missing row (no ETag); only the first insert may win.
        var grain = NewGrain();
        var first = await ReadAsync(grain);
        var second = await ReadAsync(grain);

        first.State.Text = "inserted";
        await Storage.WriteStateAsync(StateName, grain, first);
        second.State.Text = "lost";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, second));

        Assert.Equal("inserted", (await ReadAsync(grain)).State.Text);
    }

    [Fact]
    public async Task ClearEmptiesTheStateAndWritesFollow()
    {
        var grain = NewGrain();
        var state = new TestGrainState<StoredValue> { State = new StoredValue { Text = "before clear", Number = 7 } };
        await Storage.WriteStateAsync(StateName, grain, state);
        var beforeClear = state.ETag;

        await Storage.ClearStateAsync(StateName, grain, state);
        Assert.False(state.RecordExists);
        Assert.NotEqual(beforeClear, state.ETag);

        // The caller's state is a new one too, as Orleans' own providers leave it (a grain reads it right after a clear).
        Assert.Equal(string.Empty, state.State.Text);
        Assert.Equal(0, state.State.Number);

        var read = await ReadAsync(grain);
        Assert.False(read.RecordExists);
        Assert.Equal(string.Empty, read.State.Text);
        Assert.Equal(0, read.State.Number);

        // A writer that read before the clear is stale; the clearer (and anyone who read after it) writes again.
        var stale = new TestGrainState<StoredValue> { State = new StoredValue { Text = "stale" }, ETag = beforeClear, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale));

        read.State = new StoredValue { Text = "after clear", Number = 8 };
        await Storage.WriteStateAsync(StateName, grain, read);
        var again = await ReadAsync(grain);
        Assert.True(again.RecordExists);
        Assert.Equal("after clear", again.State.Text);
        Assert.Equal(8, again.State.Number);
    }

    [Fact]
    public async Task ClearWithAStaleETagIsRefused()
    {
        var grain = NewGrain();
        var state = new TestGrainState<StoredValue> { State = new StoredValue { Text = "kept" } };
        await Storage.WriteStateAsync(StateName, grain, state);
        var stale = await ReadAsync(grain);
        await Storage.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, stale));
        Assert.Equal("kept", (await ReadAsync(grain)).State.Text);
    }

    [Fact]
    public async Task RowsAreKeyedByStateNameAndGrain()
    {
        var grain = NewGrain();
        var other = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, new TestGrainState<StoredValue> { State = new StoredValue { Text = "mine" } });

        var otherName = new TestGrainState<StoredValue>();
        await Storage.ReadStateAsync(StateName + "-other", grain, otherName);
        var otherGrain = await ReadAsync(other);

        Assert.False(otherName.RecordExists);
        Assert.False(otherGrain.RecordExists);
    }

    /// <summary>Reads the grain's state as a new activation would.</summary>
    protected async Task<TestGrainState<StoredValue>> ReadAsync(GrainId grain)
    {
        var state = new TestGrainState<StoredValue>();
        await Storage.ReadStateAsync(StateName, grain, state);
        return state;
    }
}
