using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// The grain-state format the project's hosting configures (Orleans' own serializer, not Orleans' default JSON with
/// <c>$type</c> CLR names) survives renaming a state class: a row written as <see cref="RenamedStateBefore"/> reads back
/// as <see cref="RenamedStateAfter"/> (same field ids; Orleans' JSON would name the old class in <c>$type</c> and fail),
/// and the stored bytes name the types inside the state by <c>[Alias]</c>, never by C# name or namespace.
/// </summary>
[Collection(SiloTestsCollection.Name)]
public sealed class RenamedStateTypeTests(SqliteSiloFixture fixture) : IClassFixture<SqliteSiloFixture>
{
    private const string StateName = "renamed-state";
    private const string BytesStateName = "renamed-state-bytes";

    private IGrainStorage Storage => fixture.Silo.Services().GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    [Fact]
    public async Task StateWrittenUnderTheOldClassNameReadsBackUnderTheNewOne()
    {
        var grain = GrainId.Create("renamed-state", Guid.NewGuid().ToString("N"));
        var written = new TestGrainState<RenamedStateBefore>
        {
            State = new RenamedStateBefore { Name = "kept", Count = 3, Detail = new StateDetail { Note = "inner" } },
        };
        await Storage.WriteStateAsync(StateName, grain, written);

        var read = new TestGrainState<RenamedStateAfter>();
        await Storage.ReadStateAsync(StateName, grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("kept", read.State.Name);
        Assert.Equal(3, read.State.Count);
        Assert.Equal("inner", Assert.IsType<StateDetail>(read.State.Detail).Note);
    }

    [Fact]
    public async Task StoredStateNamesTypesByAliasOnly()
    {
        var grain = GrainId.Create("renamed-state", Guid.NewGuid().ToString("N"));
        await Storage.WriteStateAsync(BytesStateName, grain, new TestGrainState<RenamedStateBefore>
        {
            State = new RenamedStateBefore { Name = "by alias", Detail = new StateDetail { Note = "n" } },
        });

        var payload = (byte[])(await fixture.File.ScalarAsync(
            $"SELECT payload FROM orleans_grain_state WHERE state_name = '{BytesStateName}'"))!;
        var text = Encoding.UTF8.GetString(payload);

        Assert.Contains(StateDetail.Alias, text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(RenamedStateBefore), text, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(StateDetail).Namespace!, text, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", text, StringComparison.Ordinal);
    }
}
