using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>Subscribes explicitly to "topic" streams; resumes its subscriptions when it is activated again.</summary>
public interface IExplicitConsumerGrain : IGrainWithStringKey
{
    Task<Guid> Subscribe(string streamKey, long? fromSequence);

    Task Unsubscribe(string streamKey);

    Task<int> CountSubscriptions(string streamKey);

    /// <summary>(sequence, value) pairs received by this activation.</summary>
    Task<List<long>> GetReceivedSequences();

    Task<List<int>> GetReceivedValues();

    Task<int> GetActivationCount();

    Task Deactivate();
}
