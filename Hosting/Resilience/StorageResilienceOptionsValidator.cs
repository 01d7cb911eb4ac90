using Microsoft.Extensions.Options;

namespace OrleansBackend.Hosting.Resilience;

/// <summary>Stops the silo at start-up when <c>Storage:Resilience</c> holds a value Polly would refuse, naming the key.</summary>
internal sealed class StorageResilienceOptionsValidator : IValidateOptions<StorageResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageResilienceOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
