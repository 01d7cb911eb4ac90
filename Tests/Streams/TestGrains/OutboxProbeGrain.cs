using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>
/// The project's outbox publisher with a test state; its state goes through <see cref="HaltAfterWriteStorage"/>, so a
/// test can stop it between its state write and its publish. Records how many events each activation found pending.
/// </summary>
public sealed class OutboxProbeGrain(
    [PersistentState("outbox-probe", HaltAfterWriteStorage.Name)] IPersistentState<OutboxProbeState> state,
    ILocalSiloDetails silo) : PublishingGrain<OutboxProbeState>(state), IOutboxProbeGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        OutboxActivations.Record(this.GetPrimaryKeyString(), State.Outbox.Select(e => e.Id).ToList());
        return base.OnActivateAsync(cancellationToken);
    }

    public Task Record(DomainEvent item)
    {
        State.Writes++;
        return SaveAsync(item);
    }

    public Task PublishCopy(DomainEvent item) =>
        this.GetStreamProvider(DomainStreams.Provider).GetStream<DomainEvent>(DomainStreams.ForUser(item.UserId)).OnNextAsync(item);

    public Task<int> GetWrites() => Task.FromResult(State.Writes);

    public Task<string> GetSilo() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
