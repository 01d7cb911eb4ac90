using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>An immutable page of a user's activity feed.</summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class ActivityPageGrain : DurableGrain, IActivityPageGrain
{
    private readonly IPersistentState<ActivityPageState> _state;

    /// <summary>Creates the activation.</summary>
    public ActivityPageGrain([PersistentState("activity-page", StorageNames.Default)] IPersistentState<ActivityPageState> state)
    {
        _state = state;
    }

    /// <summary>The grain key of page <paramref name="page"/> (from 0) of a user's feed.</summary>
    public static string Key(string userId, long page) => $"{userId}/{page}";

    /// <inheritdoc />
    public async Task Seal(IReadOnlyList<ActivityItem> items)
    {
        if (_state.State.Items.Count > 0)
        {
            return;
        }

        _state.State.Items = [.. items];
        await SaveAsync(_state);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityItem>> GetItems() => Task.FromResult<IReadOnlyList<ActivityItem>>(_state.State.Items);

    /// <inheritdoc />
    public async Task Discard()
    {
        if (!_state.RecordExists)
        {
            return;
        }

        try
        {
            await _state.ClearStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
