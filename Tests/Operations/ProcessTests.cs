namespace OrleansBackend.Tests.Operations;

/// <summary>
/// Tests that run real silo and Api processes (and browsers): one at a time, so that on a 2-core machine their
/// start-ups and membership probes do not starve each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTests
{
    public const string Name = "operations processes";
}
